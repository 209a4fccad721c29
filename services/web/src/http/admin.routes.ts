import { type Role, roleSchema } from "@guichet/web";
import { z } from "zod";
import { auditPage } from "../pages/audit.page.ts";
import { usersPage } from "../pages/users.page.ts";
import { userView } from "../users/manage-users.usecase.ts";
import { readForm, readJson } from "./body.ts";
import { AppError, type Exchange, redirect, sendJson, sendPage } from "./exchange.ts";
import { checkCsrf, requireAdmin } from "./guards.ts";
import type { WebRoutesDeps } from "./web-routes.deps.ts";

const list = (value: unknown): string[] => [value ?? []].flat().map(String);
const servicesOf = (value: unknown) =>
  String(value ?? "")
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

const auditQuerySchema = z.object({
  staffId: z.string().max(120).optional(),
  reference: z.string().max(40).optional(),
  from: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional(),
  to: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** `to` as a date is inclusive: up to the end of that day (Paris time is close enough at day level). */
function boundOf(value: string | undefined, end: boolean): Date | undefined {
  if (!value) return undefined;
  if (value.length > 10) return new Date(value);
  const day = new Date(`${value}T00:00:00Z`);
  return end ? new Date(day.getTime() + 86_400_000) : day;
}

/** Administrators only: accounts (/admin/utilisateurs, /api/users) and the audit trail. */
export function adminRoutes(deps: WebRoutesDeps) {
  const town = deps.config.town;

  async function adminUsers(exchange: Exchange) {
    const admin = requireAdmin(exchange);
    const path = exchange.url.pathname;
    if (exchange.method === "GET" && path === "/admin/utilisateurs") {
      const users = (await deps.users.list()).map((u) => userView(u));
      const done = exchange.url.searchParams.get("fait");
      sendPage(exchange, town, {
        ...usersPage({ users, csrfToken: exchange.csrfToken }),
        notice: done ? "Modification enregistrée." : undefined,
      });
      return;
    }
    if (exchange.method !== "POST") throw new AppError("not-found", "Cette page n’existe pas.");
    const form = await readForm(exchange.request);
    checkCsrf(exchange, form);
    const roles = list(form.roles).filter((r): r is Role => roleSchema.safeParse(r).success);
    if (path === "/admin/utilisateurs") {
      try {
        await deps.manageUsers.create(
          {
            id: String(form.id ?? "").trim(),
            name: String(form.name ?? ""),
            roles,
            serviceIds: servicesOf(form.services),
            allServices: form.allServices === "oui",
            password: String(form.password ?? ""),
          },
          admin.id,
        );
      } catch (error) {
        if (!(error instanceof AppError) || !["validation", "conflict"].includes(error.code)) throw error;
        const users = (await deps.users.list()).map((u) => userView(u));
        const problems = error.problems.length ? error.problems : [{ field: "id", message: error.message }];
        const draft = {
          id: String(form.id ?? ""),
          name: String(form.name ?? ""),
          services: String(form.services ?? ""),
          roles,
        };
        sendPage(exchange, town, {
          ...usersPage({ users, csrfToken: exchange.csrfToken, problems, draft }),
          status: 400,
        });
        return;
      }
      redirect(exchange, "/admin/utilisateurs?fait=1");
      return;
    }
    const match = /^\/admin\/utilisateurs\/([^/]+)(\/deverrouiller)?$/.exec(path);
    if (!match?.[1]) throw new AppError("not-found", "Cette page n’existe pas.");
    const id = decodeURIComponent(match[1]);
    if (match[2]) await deps.manageUsers.unlock(id, admin.id);
    else
      await deps.manageUsers.changeAccess(
        id,
        {
          roles,
          serviceIds: servicesOf(form.services),
          allServices: form.allServices === "oui",
          disabled: form.disabled === "oui",
        },
        admin.id,
      );
    redirect(exchange, "/admin/utilisateurs?fait=1");
  }

  async function apiUsers(exchange: Exchange) {
    const admin = requireAdmin(exchange);
    const path = exchange.url.pathname.replace(/\/$/, "");
    if (path === "/api/users" && exchange.method === "GET") {
      sendJson(exchange, 200, { users: (await deps.users.list()).map((u) => userView(u)) });
      return;
    }
    if (path === "/api/users" && exchange.method === "POST") {
      const user = await deps.manageUsers.create((await readJson(exchange.request)) as never, admin.id);
      sendJson(exchange, 201, userView(user));
      return;
    }
    const match = /^\/api\/users\/([^/]+)(\/unlock)?$/.exec(path);
    if (match?.[1] && exchange.method === "GET" && !match[2]) {
      const user = await deps.users.find(decodeURIComponent(match[1]));
      if (!user) throw new AppError("not-found", "Compte introuvable.");
      sendJson(exchange, 200, userView(user));
      return;
    }
    if (match?.[1] && exchange.method === "PATCH" && !match[2]) {
      const user = await deps.manageUsers.changeAccess(
        decodeURIComponent(match[1]),
        (await readJson(exchange.request)) as never,
        admin.id,
      );
      sendJson(exchange, 200, userView(user));
      return;
    }
    if (match?.[1] && match[2] && exchange.method === "POST") {
      await deps.manageUsers.unlock(decodeURIComponent(match[1]), admin.id);
      sendJson(exchange, 200, { unlocked: true });
      return;
    }
    throw new AppError("not-found", "Ressource inconnue.");
  }

  async function searchAudit(exchange: Exchange) {
    const parsed = auditQuerySchema.safeParse(Object.fromEntries(exchange.url.searchParams));
    if (!parsed.success)
      throw new AppError(
        "validation",
        "Filtres invalides.",
        parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
      );
    const q = parsed.data;
    const filters = {
      staffId: q.staffId || undefined,
      reference: q.reference || undefined,
      from: boundOf(q.from, false),
      to: boundOf(q.to, true),
    };
    const result = await deps.audit.search({ ...filters, page: q.page, pageSize: q.pageSize });
    return { ...result, page: q.page, pageSize: q.pageSize, filters: { ...q } };
  }

  async function auditView(exchange: Exchange) {
    requireAdmin(exchange);
    const result = await searchAudit(exchange);
    const { staffId, reference, from, to } = result.filters;
    sendPage(exchange, town, auditPage({ ...result, filters: { staffId, reference, from, to } }));
  }

  async function auditApi(exchange: Exchange) {
    requireAdmin(exchange);
    const { entries, total, page, pageSize } = await searchAudit(exchange);
    sendJson(exchange, 200, { entries, total, page, pageSize });
  }

  return { adminUsers, apiUsers, auditView, auditApi };
}
