import { randomUUID } from "node:crypto";
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from "@nestjs/common";
import { AppError, httpStatusOf } from "./app-error.ts";

interface ErrorLogger {
  error(obj: object, msg?: string): void;
}

interface HttpResponse {
  status(code: number): HttpResponse;
  json(body: unknown): void;
  headersSent?: boolean;
}

/**
 * The one HTTP error edge: AppError codes map to status codes; anything else is a 500 with an error
 * id that is logged (without request data) so support can find it. Applied globally, it also sees
 * what JetStream `@EventPattern` handlers throw (the consumer inherits the app's filters): those go
 * back unchanged to the messaging edge, which maps them to ack, retry or dead letter (ADR 0004).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: ErrorLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== "http") throw exception;
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (response.headersSent) return;
    const errorId = randomUUID();
    if (exception instanceof AppError) {
      response.status(httpStatusOf[exception.code]).json({
        error: exception.code,
        message: exception.message,
        ...(exception.problems.length ? { problems: exception.problems } : {}),
        errorId,
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Body-parser errors (malformed JSON, too large, unknown charset) surface as HttpExceptions with
      // the parser's English text: the person who reads the answer gets it in French.
      response
        .status(status)
        .json({ error: status === 413 ? "payload-too-large" : "http", message: frenchHttpMessage(status), errorId });
      return;
    }
    this.logger.error(
      {
        errorId,
        err:
          exception instanceof Error
            ? { name: exception.name, message: exception.message, stack: exception.stack }
            : String(exception),
      },
      "unhandled error",
    );
    response.status(500).json({ error: "internal", message: "Erreur interne. Merci de réessayer plus tard.", errorId });
  }
}

/** The French sentence for an HTTP error raised outside our code (body parser, unknown route). */
function frenchHttpMessage(status: number): string {
  switch (status) {
    case 400:
      return "Document illisible : le corps de la requête n’est pas un JSON valide (guillemets, virgules, accolades).";
    case 404:
      return "Adresse introuvable.";
    case 413:
      return "Document trop volumineux : 1 Mo au plus (les pièces jointes passent par multipart/form-data).";
    case 415:
      return "Jeu de caractères ou encodage non pris en charge : envoyez le document en UTF-8.";
    default:
      return `Requête refusée (code ${status}).`;
  }
}
