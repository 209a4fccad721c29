import { AppError } from "@guichet/runtime";
import { Controller, Get, Inject, Param } from "@nestjs/common";
import { CatalogVersions } from "../catalog-store/catalog-versions.ts";

/**
 * Open311 GeoReport v2 service discovery (`GET services.json`, `GET services/{code}.json`): the
 * catalogue's subjects as service types, so FixMyStreet-like clients can list what the town handles.
 * Requests themselves (`/open311/v2/requests`) belong to intake.
 */
@Controller("open311/v2")
export class Open311Controller {
  constructor(@Inject(CatalogVersions) private readonly catalogs: CatalogVersions) {}

  @Get("services.json")
  list() {
    const { catalog } = this.catalogs.current();
    const services = new Map(catalog.services.map((s) => [s.id, s]));
    return catalog.subjects.map((subject) => ({
      service_code: subject.id,
      service_name: subject.label,
      description: `${subject.label} — ${services.get(subject.serviceId)?.name ?? subject.serviceId}`,
      metadata: false,
      type: "realtime",
      keywords: subject.keywords.join(", "),
      group: services.get(subject.serviceId)?.name ?? subject.serviceId,
    }));
  }

  @Get("services/:file")
  definition(@Param("file") file: string) {
    const code = file.replace(/\.json$/, "");
    const subject = this.catalogs.current().catalog.subjects.find((s) => s.id === code);
    if (!subject || !file.endsWith(".json")) throw new AppError("not-found", `unknown service_code "${code}"`);
    // No extra attributes: the description of the request is the only input the town asks for.
    return { service_code: subject.id, attributes: [] };
  }
}
