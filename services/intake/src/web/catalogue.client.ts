import { z } from "zod";

export interface CatalogueChoice {
  id: string;
  label: string;
  /** Service in charge (subjects) — shown as a group in the subject list. */
  group: string | null;
  /** Sites: address and phone, for "how to reach the town". */
  address?: string | null;
  phone?: string | null;
}

export interface Catalogue {
  subjects: CatalogueChoice[];
  sites: CatalogueChoice[];
  /** False when routing could not be reached: the forms then offer "Je ne sais pas" only. */
  available: boolean;
}

const directorySchema = z.object({
  subjects: z.array(
    z.object({ subjectId: z.string(), label: z.string(), service: z.object({ name: z.string() }).partial() }),
  ),
  sites: z.array(
    z.object({ id: z.string(), name: z.string(), address: z.string().nullish(), phone: z.string().nullish() }),
  ),
});

const EMPTY: Catalogue = { subjects: [], sites: [], available: false };

/**
 * The catalogue's subjects and sites, read from routing's `GET /api/directory` and cached for a
 * short time (a catalogue change shows within `ttlMs`). Routing being down never breaks a form:
 * the last good copy is kept, and without one the forms go on with an empty catalogue.
 */
export class CatalogueClient {
  private cached: { catalogue: Catalogue; at: number } | null = null;
  private pending: Promise<Catalogue> | null = null;

  constructor(
    private readonly routingUrl: string,
    private readonly ttlMs = 60_000,
    private readonly timeoutMs = 1_500,
  ) {}

  async current(): Promise<Catalogue> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.catalogue;
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetch(): Promise<Catalogue> {
    try {
      const response = await fetch(`${this.routingUrl}/api/directory`, { signal: AbortSignal.timeout(this.timeoutMs) });
      if (!response.ok) throw new Error(`routing answered ${response.status}`);
      const directory = directorySchema.parse(await response.json());
      const catalogue: Catalogue = {
        subjects: directory.subjects.map((s) => ({ id: s.subjectId, label: s.label, group: s.service.name ?? null })),
        sites: directory.sites.map((s) => ({
          id: s.id,
          label: s.name,
          group: null,
          address: s.address ?? null,
          phone: s.phone ?? null,
        })),
        available: true,
      };
      this.cached = { catalogue, at: Date.now() };
      return catalogue;
    } catch {
      // Keep serving the last good copy; retry after a short pause rather than on every page view.
      const stale = this.cached?.catalogue ?? EMPTY;
      this.cached = { catalogue: stale, at: Date.now() - this.ttlMs + 10_000 };
      return stale;
    }
  }
}
