#!/usr/bin/env node
// The published command. A committed file (not a build output) so package managers can link it before the
// package is built; it runs the built CLI.
import '../dist/main.js';
