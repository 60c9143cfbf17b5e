/**
 * The contract's schema registry: request and response schemas register here with their OpenAPI
 * component name (`id`) and field documentation, and src/openapi/openapi-document.ts turns the whole
 * registry into `components.schemas`. A module-local registry rather than zod's global one, so
 * nothing else that uses zod can add to or clash with the document.
 */
import { z } from 'zod';

/** What a schema may carry into the document besides its zod checks (JSON Schema keywords). */
export interface ContractMeta {
  /** The component name under `#/components/schemas/`. */
  id?: string;
  description?: string;
  /** JSON Schema keywords for rules zod can't express as one (refinements, cleaning before checks). */
  [keyword: string]: unknown;
}

export const contractRegistry = z.registry<ContractMeta>();

/** Registers `schema` with its documentation and returns it, for use inline in a schema definition. */
export function documented<T extends z.ZodType>(schema: T, meta: ContractMeta): T {
  contractRegistry.add(schema, meta);
  return schema;
}
