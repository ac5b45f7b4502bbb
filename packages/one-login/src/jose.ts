/**
 * jose, imported on first use rather than when the package is imported: a sign-in needs it, loading the SDK does
 * not (it was a sixth of the package's cold start).
 */
let joseModule: Promise<typeof import('jose')> | undefined;

export function loadJose(): Promise<typeof import('jose')> {
  joseModule ??= import('jose');
  return joseModule;
}
