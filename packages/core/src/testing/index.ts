/**
 * The one fake kernel every `@council-sdk/<service>/testing` fake is built on: fault injection, an injectable
 * clock that can be advanced or compressed, one outbound-delivery component (Notify callbacks, Pay webhooks,
 * One Login back-channel logout), the typed service error a pure model throws, and the `ServiceFake` contract
 * (handlers, clock, faults, reset, versioned snapshot/restore, settle) that the sandbox drives.
 */
export * from './clock.js';
export * from './faults.js';
export * from './outbound.js';
export * from './service-fake.js';
