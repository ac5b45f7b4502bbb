export * from './common.js';
export * from './payments.js';
export * from './refunds.js';
export * from './agreements.js';
export * from './disputes.js';
export * from './moto.js';
export * from './webhooks.js';
