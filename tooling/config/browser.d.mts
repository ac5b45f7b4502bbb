import type { Browser, Page } from 'playwright-core';

export declare const CHROMIUM: string;
export declare const hasChromium: boolean;
export declare const NO_CHROMIUM: string;
export declare function launchChromium(): Promise<Browser>;
export declare const WCAG_22_AA: string[];
export declare function axeViolations(page: Page, tags?: string[]): Promise<string[]>;
