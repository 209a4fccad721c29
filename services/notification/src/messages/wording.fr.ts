import type { WordingDictionary } from "./wording.catalog.ts";

/**
 * Default French wording. Written with plain spaces and straight apostrophes so a town can edit it
 * on any keyboard: French typography (narrow no-break spaces, ’) is applied when it is compiled.
 * "CRPA" is spelled out because the acknowledgement is read by citizens, not lawyers.
 */
const CRPA = "code des relations entre le public et l'administration";

export const frenchWording: WordingDictionary = {
  "common.greeting":
    "{{#citizenName}}Bonjour {{citizenName}},{{/citizenName}}{{^citizenName}}Madame, Monsieur,{{/citizenName}}",
  "common.closing": "Nous restons à votre disposition pour tout renseignement.",
  "common.signature": "{{serviceName}}\nMairie de {{townName}}",
  "common.noReply":
    "Ce message vous est envoyé automatiquement depuis l'adresse {{senderAddress}} : merci de ne pas y répondre. Pour toute question, contactez le service indiqué en rappelant votre référence. Site de la commune : {{websiteUrl}}",
  "common.businessDays": "{{count}} {{#plural}}jours ouvrés{{/plural}}{{^plural}}jour ouvré{{/plural}}",
  "common.months": "{{count}} mois",
  "common.days": "{{count}} {{#plural}}jours{{/plural}}{{^plural}}jour{{/plural}}",
  "common.label.reference": "Référence",
  "common.label.receivedOn": "Date de réception",
  "common.label.receivedTime": "Heure de réception",
  "common.label.subject": "Objet",
  "common.label.service": "Service",
  "common.label.postalAddress": "Adresse postale",
  "common.label.email": "Courriel",
  "common.label.phone": "Téléphone",
  "common.channel.web": "formulaire en ligne",
  "common.channel.email": "courriel",
  "common.channel.phone": "téléphone",
  "common.channel.counter": "accueil en mairie",
  "common.channel.postal": "courrier postal",

  "ack.subject": "Accusé de réception de votre demande {{reference}}",
  "ack.title": "Accusé de réception de votre demande",
  "ack.intro":
    "Nous avons bien reçu votre demande{{#title}} « {{title}} »{{/title}} le {{receivedOn}}{{#channel}} ({{channel}}){{/channel}}. Elle est enregistrée sous la référence {{reference}} : merci de la rappeler dans tous vos échanges avec nos services.",
  "ack.factsHeading": "Votre demande",
  "ack.serviceHeading": "Service chargé de votre demande",
  "ack.decisionHeading": "Délais et suite donnée à votre demande",
  "ack.label.firstResponseBy": "Première réponse au plus tard le",
  "ack.label.acceptanceOn": "Acceptation implicite le",
  "ack.label.rejectionOn": "Rejet implicite le",
  "ack.commitment":
    "Nous nous engageons à vous apporter une première réponse sous {{firstResponseDelay}}, soit au plus tard le {{firstResponseBy}}.",
  "ack.sva":
    "Votre demande relève du principe « le silence vaut accord ». Sans réponse de notre part dans un délai de {{decisionDelay}} à compter de sa réception, soit le {{decisionOn}}, elle sera réputée acceptée : une décision implicite d'acceptation naîtra à cette date.",
  "ack.svaAttestation": `Vous pourrez alors demander au service une attestation de cette décision implicite d'acceptation (article L. 232-3 du ${CRPA}).`,
  "ack.svr":
    "Sans réponse de notre part dans un délai de {{decisionDelay}} à compter de sa réception, soit le {{decisionOn}}, votre demande sera réputée rejetée : une décision implicite de rejet naîtra à cette date.",
  "ack.appealHeading": "Voies et délais de recours",
  "ack.appealIntro":
    "Vous pourrez contester cette décision implicite de rejet dans un délai de deux mois à compter du {{decisionOn}} :",
  "ack.appealGracieux": "par un recours gracieux adressé à {{mayorTitle}} de {{townName}}, {{townPostalAddress}} ;",
  "ack.appealContentieux": "par un recours contentieux devant le {{courtName}}, {{courtAddress}}.",
  "ack.appealTelerecours":
    "Le tribunal administratif peut aussi être saisi par l'application Télérecours citoyens, accessible sur le site {{telerecoursUrl}}.",
  "ack.appealNote": `Un recours gracieux formé dans ce délai interrompt le délai du recours contentieux, qui court à nouveau à compter de la réponse de la mairie (son silence pendant deux mois valant rejet). Lorsque la décision aurait dû être motivée, vous pouvez demander, dans le délai du recours contentieux, la communication de ses motifs (article L. 232-4 du ${CRPA}).`,
  "ack.information":
    "Votre demande est une demande d'information ou un signalement : elle n'appelle pas de décision administrative et ne fera donc naître aucune décision implicite.",
  "ack.document": `Le document ou la prestation demandé vous sera délivré après vérification des conditions prévues par les textes : aucune décision implicite ne naîtra du silence de la mairie (article R. 112-4 du ${CRPA}). Nous vous adressons néanmoins cet accusé de réception pour vous tenir informé de la suite donnée.`,
  "ack.external": `Votre demande relève de l'organisme suivant : {{partnerName}}. Nous la lui transmettons et vous en informons (article L. 114-2 du ${CRPA}). Cet organisme vous répondra et vous indiquera, le cas échéant, les délais et voies de recours applicables. Le service indiqué ci-dessus reste votre interlocuteur à la mairie.`,
  "ack.undetermined":
    "Le service vous précisera si votre demande appelle une décision administrative. Dans ce cas, un nouvel accusé de réception vous indiquera la date à laquelle une décision implicite pourrait naître et, le cas échéant, les voies et délais de recours.",
  "ack.incomplete": `Votre demande paraît incomplète : le service vous indiquera les pièces ou informations manquantes et le délai pour les fournir (article L. 114-5 du ${CRPA}).{{#decision}} Le délai au terme duquel une décision implicite peut naître ne court qu'à compter de leur réception.{{/decision}}`,
  "ack.missingIntro": "Pièces ou informations manquantes :",
  "ack.legalBasis": `Accusé de réception établi en application des articles L. 112-3 et R. 112-5 du ${CRPA}.`,

  "reg.subject": "Accusé d'enregistrement de votre demande {{reference}}",
  "reg.title": "Accusé d'enregistrement de votre demande",
  "reg.intro":
    "Votre demande a bien été enregistrée le {{receivedOn}} à {{receivedTime}}, sous la référence {{reference}}. Merci de rappeler cette référence dans tous vos échanges avec nos services.",
  "reg.next":
    "Elle est transmise au service compétent. Vous recevrez ensuite un accusé de réception indiquant le service chargé de votre demande, ses coordonnées, le délai de réponse et, le cas échéant, la date à laquelle une décision implicite pourrait naître ainsi que les voies de recours.",
  "reg.tracking": "Vous pouvez suivre l'avancement de votre demande en ligne :",
  "reg.trackingLink": "Suivre ma demande {{reference}}",
  "reg.copyHeading": "Votre message",
  "reg.legalBasis": `Accusé d'enregistrement délivré en application de l'article L. 112-11 du ${CRPA}. Il ne préjuge pas de la recevabilité de votre demande.`,
  "reg.counterNote": "Ce récépissé ne préjuge pas de la recevabilité de votre demande.",

  "letter.place": "{{townName}}, le {{issuedOn}}",
  "letter.object": "Objet : {{subject}}",
  "letter.counterHandover": "Document remis au guichet le {{issuedOn}}.",

  "status.reply.subject": "Réponse à votre demande {{reference}}",
  "status.reply.title": "Réponse à votre demande",
  "status.reply.intro": "Le service {{serviceName}} vous répond au sujet de votre demande {{reference}} :",
  "status.reply.agent": "Agent chargé de votre demande : {{agentName}}{{#agentRole}}, {{agentRole}}{{/agentRole}}.",
  "status.waiting.subject": "Votre demande {{reference}} : des éléments sont nécessaires",
  "status.waiting.title": "Des pièces ou informations sont nécessaires",
  "status.waiting.intro":
    "Pour traiter votre demande {{reference}}, le service {{serviceName}} a besoin des éléments suivants :",
  "status.waiting.respondBy":
    "Merci de les transmettre au service avant le {{respondBy}}, en rappelant votre référence.",
  "status.waiting.suspension": `Le délai au terme duquel une décision implicite peut naître ne court qu'à compter de la réception de ces éléments (article L. 114-5 du ${CRPA}).`,
  "status.closed.subject": "Votre demande {{reference}} est close",
  "status.closed.title": "Votre demande est close",
  "status.closed.intro": "Le service {{serviceName}} a clos le traitement de votre demande {{reference}}.",
  "status.closed.reopen":
    "Si vous estimez que votre demande n'a pas reçu de réponse complète, contactez la mairie en rappelant votre référence.",
  "status.rerouted.subject": "Votre demande {{reference}} est confiée à un autre service",
  "status.rerouted.title": "Votre demande change de service",
  "status.rerouted.intro":
    "Votre demande {{reference}} est désormais traitée par le service {{serviceName}}{{#previousServiceName}}, et non plus par le service {{previousServiceName}}{{/previousServiceName}}. Voici ses coordonnées :",
  "status.rerouted.delays":
    "Sa date de réception reste inchangée. Si ce changement modifie le délai de réponse ou le régime de votre demande, un nouvel accusé de réception vous sera adressé.",
  "sms.registration":
    "Mairie de {{townName}} : demande {{reference}} bien reçue le {{receivedOn}} à {{receivedTime}}.{{#trackingUrl}} Suivi : {{trackingUrl}}{{/trackingUrl}} Ne pas répondre.",
  "sms.acknowledgement":
    "Mairie de {{townName}} : votre demande {{reference}} est traitée par {{serviceName}}{{#servicePhone}} ({{servicePhone}}){{/servicePhone}}.{{#decisionOn}} Sans réponse au {{decisionOn}} : décision implicite {{implicit}}.{{/decisionOn}} Ne pas répondre.",
  "sms.reply":
    "Mairie de {{townName}} : {{serviceName}} a répondu à votre demande {{reference}} : {{#servicePhone}}appelez le {{servicePhone}} ou {{/servicePhone}}passez en mairie.",
  "sms.waiting":
    "Mairie de {{townName}} : des pièces manquent pour votre demande {{reference}}. Contactez {{serviceName}}{{#servicePhone}} au {{servicePhone}}{{/servicePhone}}.",
  "sms.closed":
    "Mairie de {{townName}} : votre demande {{reference}} est close.{{#servicePhone}} Question ? {{servicePhone}}{{/servicePhone}}",
  "sms.rerouted":
    "Mairie de {{townName}} : votre demande {{reference}} est désormais traitée par {{serviceName}}{{#servicePhone}}, tel {{servicePhone}}{{/servicePhone}}.",
};
