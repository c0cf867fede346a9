import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// Prisma's schema engine compiled to WebAssembly: migrations without the native binary that
// the CLI would download. The package's entry imports the .wasm as an ES module, which Node
// cannot do, so the module is instantiated here from its bytes.
type Engine = import("@prisma/schema-engine-wasm").SchemaEngine;
type EngineModule = typeof import("@prisma/schema-engine-wasm");

let loaded: Promise<EngineModule> | null = null;

function loadEngineModule(): Promise<EngineModule> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const bgPath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import(bgPath)) as EngineModule & {
      __wbg_set_wasm(exports: WebAssembly.Exports): void;
    };
    const bytes = await readFile(bgPath.replace(/schema_engine_bg\.js$/, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports,
    });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bg;
  })();
  return loaded;
}

export async function startSchemaEngine(
  datamodels: [string, string][],
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  log: (line: string) => void = () => {},
): Promise<Engine> {
  const mod = await loadEngineModule();
  return mod.SchemaEngine.new({ datamodels }, (message: string) => log(message), bindMigrationAwareSqlAdapterFactory(adapterFactory));
}
