/**
 * Checks real HTTP requests and responses against the served OpenAPI document with Ajv (JSON Schema
 * 2020-12, the dialect of OpenAPI 3.1). Responses: the status must be documented for that operation, the
 * content type must be one it lists, and the body must match its schema. Requests: the body must match
 * the documented request body for its content type. Records which operations were exercised.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

type Json = Record<string, any>;
const BASE = 'https://openapi.test/doc';

// ajv-formats is CommonJS with a default export property.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

export interface ResponseLike {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();
  readonly exercised = new Set<string>();
  /** `METHOD /path content-type accepted|rejected` for every request body checked. */
  readonly requestsChecked = new Set<string>();

  constructor(readonly doc: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: BASE, components: doc.components }, BASE);
  }

  /** `METHOD /path/{param}` for every documented operation. */
  operations(): string[] {
    return Object.entries(this.doc.paths as Json).flatMap(([path, item]) => Object.keys(item as Json).map((m) => `${m.toUpperCase()} ${path}`));
  }

  private compile(key: string, schema: Json): ValidateFunction {
    let fn = this.cache.get(key);
    if (!fn) {
      const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${BASE}#/components/`));
      fn = this.ajv.compile(rewritten);
      this.cache.set(key, fn);
    }
    return fn;
  }

  /** Throws an Error describing every mismatch between the response and the document. */
  check(method: string, pathTemplate: string, res: ResponseLike): void {
    const op = this.doc.paths?.[pathTemplate]?.[method.toLowerCase()];
    const where = `${method.toUpperCase()} ${pathTemplate} → ${res.status}`;
    if (!op) throw new Error(`${where}: operation not documented`);
    this.exercised.add(`${method.toUpperCase()} ${pathTemplate}`);
    const spec = op.responses?.[String(res.status)] ?? op.responses?.default;
    if (!spec) throw new Error(`${where}: status not documented (documented: ${Object.keys(op.responses ?? {}).join(', ')})`);
    if (!spec.content) {
      if (res.text && res.status !== 303 && res.status !== 304) throw new Error(`${where}: documented without a body, but got one`);
      return;
    }
    const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim();
    const media = spec.content[type];
    if (!media) throw new Error(`${where}: content type ${type || '(none)'} not documented (documented: ${Object.keys(spec.content).join(', ')})`);
    const body = type === 'application/json' ? JSON.parse(res.text) : res.text;
    const validate = this.compile(`${where} ${type}`, media.schema ?? {});
    if (!validate(body)) {
      throw new Error(`${where}: body does not match the schema: ${this.ajv.errorsText(validate.errors)}; body: ${res.text.slice(0, 300)}`);
    }
  }

  /** `METHOD /path content-type` for every documented request body. */
  requestBodies(): string[] {
    return Object.entries(this.doc.paths as Json).flatMap(([path, item]) =>
      Object.entries(item as Json).flatMap(([m, op]) => Object.keys((op as Json).requestBody?.content ?? {}).map((type) => `${m.toUpperCase()} ${path} ${type}`)),
    );
  }

  /**
   * Null when `body` (a form as an object of strings) matches the documented request body for
   * `contentType`, else the schema errors. Records whether it was accepted or rejected.
   */
  requestErrors(method: string, pathTemplate: string, contentType: string, body: unknown): string | null {
    const where = `${method.toUpperCase()} ${pathTemplate} ${contentType}`;
    const media = this.doc.paths?.[pathTemplate]?.[method.toLowerCase()]?.requestBody?.content?.[contentType];
    if (!media) throw new Error(`${where}: request body not documented`);
    const validate = this.compile(`request ${where}`, media.schema ?? {});
    const ok = validate(body);
    this.requestsChecked.add(`${where} ${ok ? 'accepted' : 'rejected'}`);
    return ok ? null : this.ajv.errorsText(validate.errors);
  }
}
