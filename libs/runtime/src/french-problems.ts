import type { z } from "zod";

/*
 * Problems of the files a town agent edits (the routing catalogue, the appointments offer file) in
 * plain French: they are read on /admin/catalogue, in `guichet catalog import` and in a refused boot.
 * zod's and the yaml library's own messages are English (or, for zod's French locale, too
 * technical), so both are mapped here from their codes. Parsers opt in by passing `frenchIssue` to
 * `safeParse`: the global zod configuration is left alone.
 */

const EXPECTED: Record<string, string> = {
  string: "du texte",
  number: "un nombre",
  int: "un nombre entier",
  boolean: "true ou false",
  array: "une liste",
  object: "un bloc de champs (clé: valeur)",
  record: "un bloc de champs (clé: valeur)",
  null: "une valeur vide",
};

/** What was found instead, without quoting free text (it may be anything). */
function found(input: unknown): string {
  if (input === undefined) return "rien";
  if (input === null) return "une valeur vide";
  if (Array.isArray(input)) return "une liste";
  if (typeof input === "number") return Number.isFinite(input) ? `le nombre ${input}` : "un nombre hors limites";
  if (typeof input === "string") return "du texte";
  if (typeof input === "boolean") return `la valeur ${input}`;
  if (typeof input === "object") return "un bloc de champs";
  return "une valeur d’un autre type";
}

function quoted(value: unknown): string {
  if (typeof value === "string") return `« ${value} »`;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : found(value);
}

/** A zod error map (pass it to `safeParse`): each issue code in French, with what was expected. */
export const frenchIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "champ obligatoire manquant";
      return `attendu : ${EXPECTED[issue.expected] ?? "une autre sorte de valeur"} ; trouvé : ${found(issue.input)}`;
    case "invalid_value":
      if (issue.values.length === 1) return `valeur attendue : ${quoted(issue.values[0])}`;
      return `valeur ${quoted(issue.input)} non acceptée ; valeurs possibles : ${issue.values.map(String).join(", ")}`;
    case "too_small": {
      const min = String(issue.minimum);
      if (issue.origin === "string")
        return min === "1" ? "ne doit pas être vide" : `trop court : au moins ${min} caractères`;
      if (issue.origin === "array" || issue.origin === "set")
        return min === "1" ? "la liste ne doit pas être vide" : `liste trop courte : au moins ${min} éléments`;
      return issue.inclusive
        ? `nombre trop petit : ${min} au minimum (trouvé : ${String(issue.input)})`
        : `nombre trop petit : il doit être supérieur à ${min} (trouvé : ${String(issue.input)})`;
    }
    case "too_big": {
      const max = String(issue.maximum);
      if (issue.origin === "string") return `trop long : au plus ${max} caractères`;
      if (issue.origin === "array" || issue.origin === "set") return `liste trop longue : au plus ${max} éléments`;
      return issue.inclusive
        ? `nombre trop grand : ${max} au maximum (trouvé : ${String(issue.input)})`
        : `nombre trop grand : il doit être inférieur à ${max} (trouvé : ${String(issue.input)})`;
    }
    case "invalid_format":
      return issue.format === "email" ? "adresse e-mail mal formée" : "format non reconnu";
    case "not_multiple_of":
      return `le nombre doit être un multiple de ${String(issue.divisor)}`;
    case "unrecognized_keys":
      return issue.keys.length === 1
        ? `champ inconnu : ${quoted(issue.keys[0])} (faute de frappe ?)`
        : `champs inconnus : ${issue.keys.map(quoted).join(", ")} (faute de frappe ?)`;
    case "invalid_key":
      return "nom de clé non accepté";
    default:
      return "valeur non acceptée";
  }
};

/** By the yaml library's `YAMLError.code` (its ErrorCode type). */
const YAML_CODES: Record<string, string> = {
  ALIAS_PROPS: "un alias (*nom) ne peut pas porter d’ancre ni d’étiquette",
  BAD_ALIAS: "alias (*nom) mal formé",
  BAD_DIRECTIVE: "directive YAML (%…) non reconnue",
  BAD_DQ_ESCAPE: "séquence d’échappement (\\…) non reconnue dans un texte entre guillemets",
  BAD_INDENT: "indentation incorrecte, ou crochet [ ou accolade { non refermé",
  BAD_PROP_ORDER: "ancre (&nom) ou étiquette (!…) mal placée",
  BAD_SCALAR_START: "une valeur ne peut pas commencer par ce caractère : mettez-la entre guillemets",
  BLOCK_AS_IMPLICIT_KEY: "un bloc ne peut pas servir de clé",
  BLOCK_IN_FLOW: "bloc sur plusieurs lignes à l’intérieur de [ ] ou de { }",
  DUPLICATE_KEY: "clé en double dans le même bloc",
  IMPOSSIBLE: "structure YAML illisible",
  KEY_OVER_1024_CHARS: "clé trop longue (plus de 1024 caractères)",
  MISSING_CHAR:
    "caractère manquant : virgule, deux-points ou espace oublié, ou guillemet, crochet ou accolade non refermé",
  MULTILINE_IMPLICIT_KEY: "clé sur plusieurs lignes : deux-points oublié ou indentation incorrecte",
  MULTIPLE_ANCHORS: "plusieurs ancres (&nom) sur la même valeur",
  MULTIPLE_DOCS: "le fichier contient plusieurs documents YAML (séparés par ---) : un seul est attendu",
  MULTIPLE_TAGS: "plusieurs étiquettes (!…) sur la même valeur",
  NON_STRING_KEY: "une clé doit être un texte",
  RESOURCE_EXHAUSTION: "fichier trop complexe : trop d’alias ou d’imbrications",
  TAB_AS_INDENT: "tabulation utilisée pour l’indentation : utilisez des espaces",
  TAG_RESOLVE_FAILED: "étiquette YAML (!…) non reconnue",
  UNEXPECTED_TOKEN: "caractère inattendu à cet endroit",
  BAD_COLLECTION_TYPE: "type de liste ou de bloc non accepté",
};

/** A YAML syntax error of the yaml library, from its code. */
export function yamlSyntaxMessage(code: string): string {
  return YAML_CODES[code] ?? "syntaxe YAML incorrecte";
}

/** The bare ReferenceError the yaml library throws for an alias without its anchor or an alias bomb. */
export function yamlAliasMessage(error: ReferenceError): string {
  if (/excessive alias count/i.test(error.message))
    return "trop d’alias (*nom) : le fichier serait démesuré une fois développé";
  return "alias (*nom) sans ancre : l’ancre (&nom) doit être déclarée avant l’alias";
}
