import type { CitizenContact, ReplyChannel } from "@guichet/contracts";
import { AppError } from "@guichet/runtime";
import { normalisePhoneNumber, type PhoneRejection } from "../contact/phone-number.ts";
import { type AttachmentRefusal, DEFAULT_ATTACHMENT_LIMITS, screenAttachments } from "../email/attachment-policy.ts";
import type { NewAttachment } from "../requests/submit-request/attachments.ts";
import type { SubmitRequestUseCase } from "../requests/submit-request/submit-request.usecase.ts";
import type { WebSubmission } from "../requests/submit-request/web-submission.schema.ts";
import type { UploadedFile } from "./multipart.ts";
import { trackingTokenFor, trackingUrl } from "./tracking-token.ts";

/** Same limits as e-mail: a citizen should not find a file refused on the web that mail accepts. */
export const WEB_ATTACHMENT_LIMITS = DEFAULT_ATTACHMENT_LIMITS;

/** A web submission; Open311 clients may leave the name out and have no reply channel. */
export type WebIntakeSubmission = Omit<WebSubmission, "citizen"> & {
  citizen: Omit<WebSubmission["citizen"], "preferredChannel"> & { preferredChannel: ReplyChannel };
};

export interface WebIntakeCommand {
  submission: WebIntakeSubmission;
  files: readonly UploadedFile[];
  idempotencyKey?: string | undefined;
  metadata?: Record<string, string>;
  receivedAt: Date;
}

export interface WebIntakeResult {
  requestId: string;
  reference: string;
  receivedAt: Date;
  replayed: boolean;
  trackingUrl: string;
  trackingToken: string;
}

/**
 * A citizen's own submission (HTML form, JSON API, Open311): contact normalised, files screened by
 * the shared attachment policy, a private tracking token whose hash travels in the event.
 */
export class WebIntake {
  constructor(
    private readonly submitRequest: SubmitRequestUseCase,
    private readonly options: { publicUrl: string; tokenSecret: string },
  ) {}

  async execute(command: WebIntakeCommand): Promise<WebIntakeResult> {
    const { submission } = command;
    const citizen = citizenOf(submission.citizen);
    const attachments = screenFiles(command.files);
    const tracking = trackingTokenFor(command.idempotencyKey, this.options.tokenSecret);
    const submitted = await this.submitRequest.executeStandalone({
      channel: "web",
      siteId: submission.siteId ?? null,
      subjectId: submission.subjectId ?? null,
      title: submission.title ?? null,
      body: submission.body,
      citizen,
      metadata: command.metadata ?? {},
      receivedAt: command.receivedAt,
      idempotencyKey: command.idempotencyKey,
      attachments,
      trackingTokenHash: tracking.hash,
    });
    return {
      ...submitted,
      trackingToken: tracking.token,
      trackingUrl: trackingUrl(this.options.publicUrl, tracking.token),
    };
  }
}

/** The citizen present at their screen is told which file is refused and why; nothing is dropped silently. */
export function screenFiles(files: readonly UploadedFile[], field = "attachments"): NewAttachment[] {
  const screened = screenAttachments(
    files.map((file) => ({ ...file, inline: false, contentId: null })),
    WEB_ATTACHMENT_LIMITS,
  );
  if (screened.refused.length > 0) {
    const problems = screened.refused.map(({ attachment, reason }) => ({
      field,
      message: `${attachment.filename ?? "fichier"} : ${refusalMessages[reason]}`,
    }));
    throw new AppError("validation", problems.map((p) => p.message).join("; "), problems);
  }
  return screened.accepted.map((file) => ({
    filename: file.filename ?? "fichier",
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    content: file.content,
  }));
}

const refusalMessages: Record<AttachmentRefusal, string> = {
  "forbidden-type": "type de fichier non accepté (PDF, images, documents bureautiques, texte)",
  "executable-content": "fichier exécutable refusé",
  "empty-file": "fichier vide",
  "file-too-large": `fichier trop volumineux (${WEB_ATTACHMENT_LIMITS.maxFileBytes / 1048576} Mo au plus)`,
  "too-many-files": `${WEB_ATTACHMENT_LIMITS.maxFiles} fichiers au plus`,
  "total-size-exceeded": `taille totale supérieure à ${WEB_ATTACHMENT_LIMITS.maxTotalBytes / 1048576} Mo`,
};

/** Contact as the event carries it: e-mail lower-cased, phone in E.164. */
export function citizenOf(c: WebIntakeSubmission["citizen"], fieldPrefix = "citizen"): CitizenContact {
  let phone: string | null = null;
  if (c.phone) {
    const normalised = normalisePhoneNumber(c.phone);
    if (!normalised.ok) {
      const message = phoneMessages[normalised.error.reason];
      throw new AppError("validation", `${fieldPrefix}.phone: ${message}`, [
        { field: `${fieldPrefix}.phone`, message },
      ]);
    }
    phone = normalised.e164;
  }
  return {
    name: c.name || null,
    email: c.email ? c.email.toLowerCase() : null,
    phone,
    postalAddress: c.postalAddress ?? null,
    preferredChannel: c.preferredChannel,
  };
}

const phoneMessages: Record<PhoneRejection, string> = {
  empty: "numéro de téléphone vide",
  "not-a-number": "ce n’est pas un numéro de téléphone",
  "invalid-country": "indicatif de pays inconnu",
  "too-short": "numéro de téléphone trop court",
  "too-long": "numéro de téléphone trop long",
  "invalid-number": "numéro de téléphone invalide",
};
