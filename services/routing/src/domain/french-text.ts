/*
 * French text handling for routing: the same normalisation is applied to catalogue keywords and to
 * citizens' messages, so "Lampadaires HS", "lampadaire" and "lampadère" meet on common ground.
 * Pure and dependency-free: it runs inside the routing consumer and the CLI alike.
 */

// Apostrophes as typed on keyboards, phones and word processors.
const ELISION = /(^|[^\p{L}\p{N}])(?:qu|[ldjnscmt])['’‘ʼ`´]/gu;
const NON_WORD = /[^a-z0-9]+/g;

/** Lower case, accents and ligatures removed: "Œuvre Élagage" → "oeuvre elagage". */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/ß/g, "ss")
    .normalize("NFD")
    .replace(/\p{M}/gu, "");
}

/** Folded words, elisions dropped ("l'éclairage" → "eclairage"), hyphens and punctuation as spaces. */
export function words(text: string): string[] {
  const folded = foldText(text).replace(ELISION, "$1");
  return folded.split(NON_WORD).filter((w) => w.length > 0);
}

/**
 * A light French stemmer: folds plural and feminine/participle endings only. Anything stronger
 * (Porter/Snowball) merges words that route differently ("marche" the walk / "marché" the market are
 * already merged by accent folding; we stop there).
 * "lampadaires" → "lampadaire", "chevaux" → "cheval", "panneaux" → "panneau", "abîmées" → "abime".
 */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  let w = word;
  if (w.endsWith("eaux")) w = w.slice(0, -1);
  else if (w.endsWith("aux") && w.length > 4) w = `${w.slice(0, -3)}al`;
  else if ((w.endsWith("s") || w.endsWith("x")) && !w.endsWith("ss")) w = w.slice(0, -1);
  // Past participles and feminines: "abimee" → "abime", "cassee" → "casse".
  if (w.endsWith("ee") && w.length > 4) w = w.slice(0, -1);
  return w;
}

/**
 * Folded words of a text, stemmed. This is the token stream the keyword rules match against.
 * Stop words are kept (phrases like "pas de réponse" need them) but not stemmed: "plus" must not
 * become "plu", the town plan.
 */
export function terms(text: string): string[] {
  return words(text).map((w) => (STOP_WORDS.has(w) ? w : stem(w)));
}

/*
 * Words that carry no routing signal, in folded form (French first, then the English a resident
 * writing in English uses). Only the classifier drops them: keyword phrases keep their exact wording.
 */
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a au aux avec ce ces cet cette ca dans de des du en et est etait etre il ils elle elles je j la le les leur " +
    "leurs lui ma mais me mes moi mon ne ni nos notre nous on ou par pas pour qu que qui quoi sa se ses si son " +
    "sont suis sur ta te tes toi ton tu un une vos votre vous y ai as avons avez ont aussi car donc alors comme " +
    "tout tous toute toutes tres plus moins bien deja encore fait faire peut pouvez pourriez pourrais puis " +
    "voudrais souhaiterais souhaite souhaitons bonjour bonsoir madame monsieur mme mr m mesdames messieurs " +
    "cordialement merci remercie avance salutations sincere sinceres distinguee distinguees veuillez agreer " +
    "expression sentiment respectueuse respectueuses svp stp bjr slt cdt svp " +
    "the an is are was were be i me my we our you your it its this that these those to of in on at for and or " +
    "with from by as have has had do does did can could would should will please hello hi dear thanks thank " +
    "regards best sir madam"
  ).split(" "),
);

/*
 * Everyday words one or two letters away from a catalogue keyword: without this list "une bonne
 * journée" finds a skip ("benne") and "l'arbre va tomber" a grave. Stemmed form.
 */
const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    "bonne bon tante tente tomber voler vole stade cadeau marcher place parent passe poste porte parti " +
    "partie arret carte tard temp semaine matin soir annee mois jour heure rappeler appeler parler " +
    "demande demander reponse question probleme dossier besoin aide savoir merci pavement " +
    "declaration declarer pluie plein pleine depuis propriete proprietaire"
  ).split(" "),
);

/** Terms for the classifier: stemmed, stop words removed. */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (!STOP_WORDS.has(word)) out.push(stem(word));
  }
  return out;
}

/** How many typos a word of this length tolerates: short words have too many neighbours. */
function typoAllowance(length: number): 0 | 1 | 2 {
  if (length >= 9) return 2;
  if (length >= 5) return 1;
  return 0;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment: an adjacent swap counts as one edit),
 * stopping early once it exceeds `max`; then returns `max + 1`.
 */
export function damerauLevenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  let twoBack = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (twoBack[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[b.length] ?? max + 1;
}

export interface TypoMatch {
  term: string;
  distance: number;
}

/**
 * Finds the vocabulary terms within typo distance of a word, in near-constant time.
 * Symmetric-delete index (as in SymSpell): each vocabulary term is stored under every string
 * obtained by deleting up to its allowance of letters; a query generates its own deletions and
 * only the few terms sharing one are checked with the exact distance. A small memo covers the
 * common words a busy inbox repeats.
 */
export class TypoIndex {
  private readonly vocabulary: ReadonlySet<string>;
  private readonly byDeletion = new Map<string, string[]>();
  private readonly memo = new Map<string, readonly TypoMatch[]>();
  private static readonly MEMO_LIMIT = 20_000;

  private readonly realWords: ReadonlySet<string>;

  /**
   * @param vocabulary terms to find (stemmed, as `terms()` yields them)
   * @param realWords known correct words that must never be read as a typo of a vocabulary term
   */
  constructor(vocabulary: Iterable<string>, realWords: Iterable<string> = []) {
    this.vocabulary = new Set(vocabulary);
    this.realWords = new Set([...COMMON_WORDS, ...realWords]);
    for (const term of this.vocabulary) {
      for (const variant of deletions(term, typoAllowance(term.length))) {
        const bucket = this.byDeletion.get(variant);
        if (bucket) {
          if (!bucket.includes(term)) bucket.push(term);
        } else this.byDeletion.set(variant, [term]);
      }
    }
  }

  has(term: string): boolean {
    return this.vocabulary.has(term);
  }

  /** Exact match first (distance 0), then the terms within the allowance of the shorter word. */
  lookup(word: string): readonly TypoMatch[] {
    const cached = this.memo.get(word);
    if (cached) return cached;
    const result = this.compute(word);
    if (this.memo.size >= TypoIndex.MEMO_LIMIT) this.memo.clear();
    this.memo.set(word, result);
    return result;
  }

  private compute(word: string): readonly TypoMatch[] {
    // A word the vocabulary holds, or a real word close to a keyword ("bonne"/"benne",
    // "votre"/"voter"), is what the citizen meant: only unknown words are treated as typos.
    if (this.vocabulary.has(word)) return [{ term: word, distance: 0 }];
    const matches: TypoMatch[] = [];
    if (word.length < 4 || STOP_WORDS.has(word) || this.realWords.has(word)) return matches;
    const seen = new Set<string>([word]);
    for (const variant of deletions(word, word.length >= 8 ? 2 : 1)) {
      for (const term of this.byDeletion.get(variant) ?? []) {
        if (seen.has(term)) continue;
        seen.add(term);
        // Typists rarely miss the first letter, while real words that differ there abound
        // ("entre"/"rentre", "alimentaire"/"elementaire").
        if (term[0] !== word[0]) continue;
        const allowance = typoAllowance(Math.min(term.length, word.length));
        if (allowance === 0) continue;
        const distance = damerauLevenshtein(word, term, allowance);
        if (distance <= allowance) matches.push({ term, distance });
      }
    }
    return matches.sort((x, y) => x.distance - y.distance);
  }
}

/** The word itself and every string obtained by deleting 1..depth letters. */
function deletions(word: string, depth: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const shorter = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(shorter)) {
          out.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return out;
}
