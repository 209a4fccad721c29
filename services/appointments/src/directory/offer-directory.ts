import { type Calendar, loadCalendars } from "@guichet/calendar";
import { frenchIssue, yamlAliasMessage, yamlSyntaxMessage } from "@guichet/runtime";
import { parse, YAMLError } from "yaml";
import type { z } from "zod";
import { catalogueSubsetSchema, type DirectoryFile, directoryFileSchema } from "./directory-file.schema.ts";

export type OfferKind = "service" | "permanence" | "partner";
export type RoomUse = "famille" | "mariage" | "association";

export interface Site {
  id: string;
  name: string;
  kind: string;
  address: string | null;
  phone: string | null;
  calendar: Calendar;
  /** Evenings and Saturdays opened for appointments only (counted as extended-hours use). */
  extended: Calendar | null;
}

/** Something a citizen can book (or walk in to): a service at a site, an elected official, a partner. */
export interface Offer {
  id: string;
  kind: OfferKind;
  /** "Carte d'identité ou passeport", "La maire déléguée d'Andard", "Assurance maladie (CPAM)". */
  name: string;
  site: Site;
  serviceId: string | null;
  serviceName: string | null;
  booking: "slots" | "walk-in";
  durationMinutes: number;
  /** Agents receiving at once: each is a resource that holds one appointment at a time. */
  desks: number;
  /** Where slots lie, and whether they count as extended hours. */
  calendars: { calendar: Calendar; extended: boolean }[];
  bring: string | null;
  role: string | null;
  topics: string | null;
  phone: string | null;
}

export interface Room {
  id: string;
  name: string;
  site: Site;
  capacity: number;
  uses: RoomUse[];
}

export interface OfferDirectory {
  sites: Site[];
  offers: Offer[];
  rooms: Room[];
  roomService: { id: string; name: string; email: string | null };
  roomCalendar: Calendar;
  offer(id: string): Offer | undefined;
  room(id: string): Room | undefined;
}

/** How the messages name GUICHET_APPOINTMENTS_FILE (data/loire-authion/appointments.yaml). */
const FILE = "fichier des rendez-vous";

export class DirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DirectoryError";
  }
}

/** Builds the offers from the catalogue (sites, services, calendars) and the appointments file. */
export function loadOfferDirectory(catalogYaml: string, appointmentsYaml: string): OfferDirectory {
  const catalogue = parsed(catalogueSubsetSchema, readYaml(catalogYaml, "catalogue"), "catalogue");
  const file = parsed(directoryFileSchema, readYaml(appointmentsYaml, FILE), FILE);
  const siteCalendars = loadCalendars(catalogYaml);
  const ownCalendars = loadCalendars(appointmentsYaml);
  const calendar = (calendarId: string, where: string) => {
    const found = ownCalendars.get(calendarId);
    if (!found)
      throw new DirectoryError(
        `${where} : le calendrier « ${calendarId} » n’existe pas (déclarez-le sous calendars: dans le ${FILE})`,
      );
    return found;
  };
  const sites = new Map<string, Site>();
  for (const site of catalogue.sites) {
    const siteCalendar = siteCalendars.get(site.calendar);
    if (!siteCalendar)
      throw new DirectoryError(
        `catalogue, site « ${site.id} » : le calendrier « ${site.calendar} » n’existe pas dans le catalogue`,
      );
    const extendedId = file.extended_hours[site.id];
    sites.set(site.id, {
      id: site.id,
      name: site.name,
      kind: site.kind,
      address: site.address ?? null,
      phone: site.phone ?? null,
      calendar: siteCalendar,
      extended: extendedId ? calendar(extendedId, `extended_hours.${site.id}`) : null,
    });
  }
  for (const siteId of Object.keys(file.extended_hours)) siteOf(sites, siteId, `extended_hours.${siteId}`);
  const services = new Map(catalogue.services.map((service) => [service.id, service]));
  const serviceOf = (serviceId: string, where: string) => {
    const found = services.get(serviceId);
    if (!found) throw new DirectoryError(`${where} : le service « ${serviceId} » n’existe pas dans le catalogue`);
    return found;
  };
  const offers: Offer[] = [];
  file.appointment_types.forEach((type, index) => {
    const where = `appointment_types[${index}] (${type.id})`;
    const service = serviceOf(type.service, where);
    for (const siteId of type.sites) {
      const site = siteOf(sites, siteId, where);
      offers.push({
        id: `${type.id}@${site.id}`,
        kind: "service",
        name: type.name,
        site,
        serviceId: service.id,
        serviceName: service.name,
        booking: "slots",
        durationMinutes: type.duration_minutes,
        desks: type.desks,
        calendars: [
          { calendar: site.calendar, extended: false },
          ...(site.extended ? [{ calendar: site.extended, extended: true }] : []),
        ],
        bring: type.bring ?? null,
        role: null,
        topics: null,
        phone: site.phone,
      });
    }
  });
  const officeHours = (
    entry: DirectoryFile["permanences"][number] | DirectoryFile["partners"][number],
    where: string,
  ) => {
    if (entry.booking === "slots" && !entry.slot_minutes)
      throw new DirectoryError(
        `${where} : slot_minutes (durée d’un créneau, en minutes) est obligatoire quand booking vaut « slots »`,
      );
    const site = siteOf(sites, entry.site, where);
    return {
      id: entry.id,
      site,
      booking: entry.booking,
      durationMinutes: entry.slot_minutes ?? 15,
      desks: 1,
      calendars: [{ calendar: calendar(entry.calendar, where), extended: false }],
      bring: null,
    };
  };
  file.permanences.forEach((entry, index) => {
    const elus = services.get("elus");
    offers.push({
      ...officeHours(entry, `permanences[${index}] (${entry.id})`),
      kind: "permanence",
      name: entry.official,
      serviceId: elus?.id ?? null,
      serviceName: elus?.name ?? null,
      role: entry.role,
      topics: null,
      phone: null,
    });
  });
  // Partners receive at France Services: its agents book and follow their appointments.
  const franceServices = services.get("france-services");
  file.partners.forEach((entry, index) => {
    offers.push({
      ...officeHours(entry, `partners[${index}] (${entry.id})`),
      kind: "partner",
      name: entry.name,
      serviceId: franceServices?.id ?? null,
      serviceName: franceServices?.name ?? null,
      role: null,
      topics: entry.topics ?? null,
      phone: entry.phone ?? null,
    });
  });
  const duplicate = offers.find((offer, index) => offers.findIndex((other) => other.id === offer.id) !== index);
  if (duplicate) throw new DirectoryError(`${FILE} : l’offre « ${duplicate.id} » est déclarée deux fois`);
  const rooms = file.rooms.map((room, index) => ({
    id: room.id,
    name: room.name,
    site: siteOf(sites, room.site, `rooms[${index}] (${room.id})`),
    capacity: room.capacity,
    uses: room.uses,
  }));
  const roomService = serviceOf(file.room_service, "room_service");
  const byId = new Map(offers.map((offer) => [offer.id, offer]));
  const roomsById = new Map(rooms.map((room) => [room.id, room]));
  return {
    sites: [...sites.values()],
    offers,
    rooms,
    roomService: { id: roomService.id, name: roomService.name, email: roomService.email ?? null },
    roomCalendar: calendar(file.room_calendar, "room_calendar"),
    offer: (offerId) => byId.get(offerId),
    room: (roomId) => roomsById.get(roomId),
  };
}

function siteOf(sites: Map<string, Site>, siteId: string, where: string): Site {
  const site = sites.get(siteId);
  if (!site) throw new DirectoryError(`${where} : le site « ${siteId} » n’existe pas dans le catalogue`);
  return site;
}

/**
 * The file as plain data. The yaml library throws its own YAMLError for a syntax error and a bare
 * ReferenceError for an alias without its anchor or an alias bomb: both are the operator's file.
 */
function readYaml(text: string, what: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof ReferenceError)
      throw new DirectoryError(`${what} : YAML illisible : ${yamlAliasMessage(error)}`);
    if (!(error instanceof YAMLError)) throw error;
    const at = error.linePos?.[0];
    const where = at ? `, ligne ${at.line}, colonne ${at.col}` : "";
    throw new DirectoryError(`${what}${where} : YAML illisible : ${yamlSyntaxMessage(error.code)}`);
  }
}

function parsed<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value, { error: frenchIssue });
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issuePath(issue.path) || "(racine du fichier)"} : ${issue.message}`,
  );
  throw new DirectoryError(`${what} refusé : ${problems.join(" ; ")}`);
}

/** `appointment_types[3].sites[0]`, the way the editor of the YAML sees it. */
function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`))
    .join("")
    .replace(/^\./, "");
}
