import PDFDocument from "pdfkit";
import { parisDateTime } from "../web/page-edge.ts";

export interface CounterReceipt {
  town: string;
  reference: string;
  receivedAt: Date;
  site: string;
  subject: string;
  answeredOnSpot: boolean;
  contact: string | null;
}

/**
 * The receipt handed to the visitor at once (A5, printable on any office printer). Notification's
 * `/api/requests/{id}/receipt.pdf` is the full registration receipt once the request has flowed
 * through routing; the visitor must not wait for that, so intake renders this one itself.
 */
export function counterReceiptPdf(receipt: CounterReceipt): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A5",
      margin: 40,
      info: { Title: `Reçu ${receipt.reference}` },
      lang: "fr-FR",
    });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.fontSize(16).text(`Mairie de ${receipt.town}`);
    doc.moveDown().fontSize(13).text("Reçu de dépôt de demande");
    doc.moveDown().fontSize(11);
    doc.text(`Numéro de la demande : ${receipt.reference}`);
    doc.text(`Reçue le ${parisDateTime(receipt.receivedAt)} (heure de Paris)`);
    doc.text(`Lieu : ${receipt.site}`);
    doc.text(`Sujet : ${receipt.subject}`);
    doc.moveDown().text("Et maintenant ?", { underline: true });
    doc.text(
      receipt.answeredOnSpot
        ? "Une première réponse vous a été apportée au guichet. Si votre demande appelle une suite, le service compétent vous répondra."
        : "Votre demande est transmise au service compétent, qui vous répondra.",
    );
    doc.text(
      receipt.contact
        ? `Vous recevrez un accusé de réception indiquant le service et le délai de réponse (${receipt.contact}).`
        : "Vous pouvez demander un accusé de réception indiquant le service et le délai de réponse.",
    );
    doc.moveDown().text(`Rappelez le numéro ${receipt.reference} dans vos échanges avec la mairie.`);
    doc.end();
  });
}
