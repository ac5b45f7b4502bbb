// What a module's declarations promise at run time: the names a `.d.ts`/`.d.cts` exports with a value meaning
// (classes, functions, consts, enums; not interfaces, type aliases or `export type`), read with the TypeScript
// compiler so that `export *` chains into other packages are followed the way a user's compiler follows them.
import ts from 'typescript';

/** Every declaration that makes an alias type-only: `export type { X }`, `export { type X }`, `import type`. */
const isTypeOnlyAlias = (symbol) =>
  (symbol.declarations ?? []).some((d) => ts.isTypeOnlyImportOrExportDeclaration(d));

/**
 * The value exports of each declaration file, sorted.
 * @param {string[]} files  absolute paths of `.d.ts`, `.d.mts` or `.d.cts` files
 * @returns {Map<string, string[]>}
 */
export function declaredValueExports(files) {
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    noEmit: true,
    noLib: true, // resolving exports needs no standard library, and this keeps the check quick
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const result = new Map();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`cannot read declarations ${file}`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const names = [];
    for (const exported of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      // Walk the alias chain hop by hop: one type-only hop anywhere removes the value meaning.
      let symbol = exported;
      let typeOnly = false;
      while (symbol.flags & ts.SymbolFlags.Alias) {
        if (isTypeOnlyAlias(symbol)) typeOnly = true;
        const next = checker.getImmediateAliasedSymbol(symbol);
        if (!next || next === symbol) break;
        symbol = next;
      }
      if (!typeOnly && symbol.flags & ts.SymbolFlags.Value) names.push(exported.name);
    }
    result.set(file, names.sort());
  }
  return result;
}

/**
 * Names declared but absent at run time, and present but undeclared.
 * @param {string[]} declared
 * @param {string[]} runtime
 */
export function diffExports(declared, runtime) {
  const have = new Set(runtime);
  const want = new Set(declared);
  return {
    missing: declared.filter((name) => !have.has(name)).sort(),
    extra: runtime.filter((name) => !want.has(name)).sort(),
  };
}
