import type { RequestOptions } from '@council-sdk/core';

/** @deprecated Use `RequestOptions` (exported by every council-sdk package): the same per-call options. */
export type CallOptions = RequestOptions;
