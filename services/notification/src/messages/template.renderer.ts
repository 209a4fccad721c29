/**
 * A deliberately tiny, logic-less template format for wording the town may edit:
 *   {{name}}               the value of `name`
 *   {{#name}}...{{/name}}  rendered only when `name` is set (not null, undefined, "" or false)
 *   {{^name}}...{{/name}}  rendered only when `name` is not set
 * Templates produce plain text: escaping happens once, in the HTML renderer, so neither a citizen's
 * input nor a town's override can ever inject markup (there is no "raw" form on purpose).
 */

export type TemplateValue = string | number | boolean | null | undefined;
export type TemplateValues = Readonly<Record<string, TemplateValue>>;

type TemplateNode =
  | { type: "text"; text: string }
  | { type: "value"; name: string }
  | { type: "section"; name: string; inverted: boolean; children: TemplateNode[] };

export interface CompiledTemplate {
  readonly source: string;
  readonly nodes: readonly TemplateNode[];
  /** Every placeholder and section name used, to check them against the allowed ones. */
  readonly names: ReadonlySet<string>;
}

export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateSyntaxError";
  }
}

const TAG = /\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[a-zA-Z][a-zA-Z0-9]*$/;

export function compileTemplate(source: string): CompiledTemplate {
  // Mustache's triple braces mean "unescaped": refuse them rather than let them look like they work.
  if (source.includes("{{{") || source.includes("}}}")) {
    throw new TemplateSyntaxError("triple braces are not supported: every value is escaped");
  }
  const root: TemplateNode[] = [];
  const stack: { name: string; children: TemplateNode[] }[] = [{ name: "", children: root }];
  const names = new Set<string>();
  let last = 0;
  const current = (): TemplateNode[] => (stack[stack.length - 1] ?? { children: root }).children;

  for (const match of source.matchAll(TAG)) {
    const [tag, sigil = "", rawName = ""] = match;
    pushText(current(), source.slice(last, match.index));
    last = match.index + tag.length;
    if (!NAME.test(rawName)) throw new TemplateSyntaxError(`invalid placeholder "${tag}"`);
    if (sigil === "/") {
      const open = stack.pop();
      if (!open || stack.length === 0 || open.name !== rawName) {
        throw new TemplateSyntaxError(`"{{/${rawName}}}" closes no open section`);
      }
      continue;
    }
    names.add(rawName);
    if (sigil === "") {
      current().push({ type: "value", name: rawName });
      continue;
    }
    const section: TemplateNode = { type: "section", name: rawName, inverted: sigil === "^", children: [] };
    current().push(section);
    stack.push({ name: rawName, children: section.children });
  }
  pushText(current(), source.slice(last));
  const unclosed = stack[stack.length - 1];
  if (stack.length > 1 && unclosed) throw new TemplateSyntaxError(`section "{{#${unclosed.name}}}" is never closed`);
  return { source, nodes: root, names };
}

function pushText(into: TemplateNode[], text: string): void {
  if (text.includes("{{") || text.includes("}}")) {
    throw new TemplateSyntaxError(`unbalanced braces near "${text.slice(0, 40)}"`);
  }
  if (text !== "") into.push({ type: "text", text });
}

function isSet(value: TemplateValue): boolean {
  return value !== null && value !== undefined && value !== false && value !== "";
}

export function renderTemplate(template: CompiledTemplate, values: TemplateValues): string {
  return renderNodes(template.nodes, values);
}

function renderNodes(nodes: readonly TemplateNode[], values: TemplateValues): string {
  let out = "";
  for (const node of nodes) {
    if (node.type === "text") out += node.text;
    else if (node.type === "value") out += isSet(values[node.name]) ? String(values[node.name]) : "";
    else if (isSet(values[node.name]) !== node.inverted) out += renderNodes(node.children, values);
  }
  return out;
}
