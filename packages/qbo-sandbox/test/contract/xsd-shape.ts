/**
 * A small XSD shape checker, not a validator: for an entity type it lists the element and attribute
 * names Intuit's schema allows (following xs:extension bases) and the elements it requires, then checks
 * a JSON response's top-level keys against them.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Intuit's XSDs live in the workspace's shared/ folder, which sits beside the repository checkout.
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const XSD_DIR = process.env.QBO_XSD_DIR ?? join(REPO_ROOT, '..', 'shared', 'qbo', 'xsd');

interface TypeShape {
  elements: Map<string, { required: boolean }>;
  attributes: Set<string>;
  base?: string;
}

let types: Map<string, TypeShape> | undefined;

export function xsdAvailable(): boolean {
  return existsSync(join(XSD_DIR, 'Finance.xsd'));
}

function load(): Map<string, TypeShape> {
  if (types) return types;
  types = new Map();
  for (const file of readdirSync(XSD_DIR).filter((f) => f.endsWith('.xsd'))) {
    const text = readFileSync(join(XSD_DIR, file), 'utf8');
    // Top-level complex types are indented by one tab in Intuit's files.
    for (const m of text.matchAll(
      /\n\t<xs:complexType name="([^"]+)"[^>]*>([\s\S]*?)\n\t<\/xs:complexType>/g,
    )) {
      const body = m[2] as string;
      const shape: TypeShape = { elements: new Map(), attributes: new Set() };
      const base = /<xs:extension base="(?:\w+:)?([^"]+)"/.exec(body);
      if (base) shape.base = base[1];
      for (const e of body.matchAll(/<xs:element\s+([^>]*?)\/?>/g)) {
        const attrs = e[1] as string;
        const name =
          /(?:^|\s)name="([^"]+)"/.exec(attrs)?.[1] ?? /(?:^|\s)ref="(?:\w+:)?([^"]+)"/.exec(attrs)?.[1];
        if (!name) continue;
        shape.elements.set(name, { required: !/minOccurs="0"/.test(attrs) });
      }
      for (const a of body.matchAll(/<xs:attribute name="([^"]+)"/g)) shape.attributes.add(a[1] as string);
      types.set(m[1] as string, shape);
    }
  }
  return types;
}

export function shapeOf(typeName: string): { allowed: Set<string>; required: Set<string> } {
  const all = load();
  const allowed = new Set<string>();
  const required = new Set<string>();
  let current: string | undefined = typeName;
  const seen = new Set<string>();
  while (current && !seen.has(current)) {
    seen.add(current);
    const shape = all.get(current);
    if (!shape) throw new Error(`XSD type ${current} not found`);
    for (const [name, { required: req }] of shape.elements) {
      allowed.add(name);
      if (req) required.add(name);
    }
    for (const a of shape.attributes) allowed.add(a);
    current = shape.base;
  }
  return { allowed, required };
}

/** Problems with the top-level keys of `entity` against the XSD type; empty when it fits. */
export function xsdProblems(typeName: string, entity: Record<string, unknown>): string[] {
  const { allowed, required } = shapeOf(typeName);
  const problems: string[] = [];
  for (const key of Object.keys(entity))
    if (!allowed.has(key)) problems.push(`unknown element ${typeName}.${key}`);
  for (const key of required)
    if (!(key in entity)) problems.push(`missing required element ${typeName}.${key}`);
  return problems;
}
