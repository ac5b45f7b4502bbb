import type { SignInFailuresRepository } from '../db/repositories/sign-in-failures.js';

export interface SignInThrottleOptions {
  /** Failures from one address before it is refused. */
  perAddress: number;
  /** Failures against the account, from anywhere, before it is refused (guessing spread over many addresses). */
  perAccount: number;
  /** How long a count lasts, from the first failure. */
  windowMs: number;
}

/**
 * Slows down password guessing against a sign-in: refused once an address, or the account, has failed too often
 * within the window. The counts live in the database (`sign_in_failures`), so every instance behind the load
 * balancer sees the same ones. Address and account keys are namespaced, so they never share a count.
 */
export class SignInThrottle {
  constructor(
    private readonly failures: SignInFailuresRepository,
    private readonly options: SignInThrottleOptions,
  ) {}

  async isBlocked(address: string, account: string): Promise<boolean> {
    const [fromAddress, againstAccount] = await Promise.all([
      this.failures.count(addressKey(address)),
      this.failures.count(accountKey(account)),
    ]);
    return fromAddress >= this.options.perAddress || againstAccount >= this.options.perAccount;
  }

  /** Counts a failure from `address`, and against `account` when the username was the real one. */
  async recordFailure(address: string, account?: string): Promise<void> {
    await this.failures.record(addressKey(address), this.options.windowMs);
    if (account !== undefined) await this.failures.record(accountKey(account), this.options.windowMs);
  }

  /** A successful sign-in clears both counts. */
  async reset(address: string, account: string): Promise<void> {
    await this.failures.clear(addressKey(address));
    await this.failures.clear(accountKey(account));
  }

  /** Forgets counts whose window has ended (run with the other pruning). */
  prune(): Promise<number> {
    return this.failures.deleteEnded();
  }
}

const addressKey = (address: string) => `address:${address}`;
const accountKey = (account: string) => `account:${account}`;
