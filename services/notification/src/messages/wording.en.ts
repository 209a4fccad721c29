import type { WordingDictionary } from "./wording.catalog.ts";

/**
 * English courtesy wording. French legal names (the code, recours gracieux) are kept: the citizen may have to use
 * them with the court or a lawyer, and the French message remains the reference.
 */
const CRPA = "Code des relations entre le public et l'administration (CRPA)";

export const englishWording: WordingDictionary = {
  "common.greeting":
    "{{#citizenName}}Dear {{citizenName}},{{/citizenName}}{{^citizenName}}Dear Sir or Madam,{{/citizenName}}",
  "common.closing": "We remain at your disposal for any further information.",
  "common.signature": "{{serviceName}}\nTown hall of {{townName}}",
  "common.noReply":
    "This message was sent automatically from {{senderAddress}}: please do not reply to it. For any question, contact the service named above and quote your reference. Town website: {{websiteUrl}}",
  "common.businessDays": "{{count}} working {{#plural}}days{{/plural}}{{^plural}}day{{/plural}}",
  "common.months": "{{count}} {{#plural}}months{{/plural}}{{^plural}}month{{/plural}}",
  "common.days": "{{count}} {{#plural}}days{{/plural}}{{^plural}}day{{/plural}}",
  "common.label.reference": "Reference",
  "common.label.receivedOn": "Date of receipt",
  "common.label.receivedTime": "Time of receipt",
  "common.label.subject": "Subject",
  "common.label.service": "Service",
  "common.label.postalAddress": "Postal address",
  "common.label.email": "E-mail",
  "common.label.phone": "Phone",
  "common.channel.web": "online form",
  "common.channel.email": "e-mail",
  "common.channel.phone": "phone",
  "common.channel.counter": "town hall desk",
  "common.channel.postal": "post",

  "ack.subject": "Acknowledgement of receipt of your request {{reference}}",
  "ack.title": "Acknowledgement of receipt of your request",
  "ack.intro":
    'We received your request{{#title}} "{{title}}"{{/title}} on {{receivedOn}}{{#channel}} ({{channel}}){{/channel}}. Its reference is {{reference}}: please quote it in all your exchanges with our services.',
  "ack.factsHeading": "Your request",
  "ack.serviceHeading": "Service handling your request",
  "ack.decisionHeading": "Time limits and what happens next",
  "ack.label.firstResponseBy": "First answer by",
  "ack.label.acceptanceOn": "Implicit acceptance on",
  "ack.label.rejectionOn": "Implicit rejection on",
  "ack.commitment":
    "We undertake to give you a first answer within {{firstResponseDelay}}, that is by {{firstResponseBy}}.",
  "ack.sva":
    'Your request falls under the "silence means consent" rule (silence vaut accord). Without an answer from us within {{decisionDelay}} of its receipt, that is on {{decisionOn}}, it will be deemed accepted: an implicit decision of acceptance will arise on that date.',
  "ack.svaAttestation": `You may then ask the service for a certificate of this implicit acceptance (article L. 232-3 of the ${CRPA}).`,
  "ack.svr":
    "Without an answer from us within {{decisionDelay}} of its receipt, that is on {{decisionOn}}, your request will be deemed rejected: an implicit decision of rejection will arise on that date.",
  "ack.appealHeading": "How and when to appeal",
  "ack.appealIntro": "You may challenge this implicit rejection within two months from {{decisionOn}}:",
  "ack.appealGracieux":
    "by an administrative appeal (recours gracieux) addressed to {{mayorTitle}} de {{townName}}, {{townPostalAddress}};",
  "ack.appealContentieux": "by a court appeal (recours contentieux) before the {{courtName}}, {{courtAddress}}.",
  "ack.appealTelerecours":
    "The administrative court can also be reached online with Télérecours citoyens at {{telerecoursUrl}}.",
  "ack.appealNote": `An administrative appeal made within this time limit interrupts the time limit for the court appeal, which starts again from the town hall's answer (two months of silence meaning rejection). Where the decision should have stated its reasons, you may ask for them within the time limit for the court appeal (article L. 232-4 of the ${CRPA}).`,
  "ack.information":
    "Your request is a request for information or a report: it does not call for an administrative decision, so no implicit decision will arise.",
  "ack.document": `The document or service you asked for will be delivered once the legal conditions have been checked: no implicit decision arises from the town hall's silence (article R. 112-4 of the ${CRPA}). We still send you this acknowledgement to keep you informed.`,
  "ack.external": `Your request falls within the remit of the following body: {{partnerName}}. We are forwarding it and informing you of this (article L. 114-2 of the ${CRPA}). That body will answer you and tell you, where relevant, the applicable time limits and appeal routes. The service named above remains your contact at the town hall.`,
  "ack.undetermined":
    "The service will tell you whether your request calls for an administrative decision. If so, a new acknowledgement will give you the date on which an implicit decision could arise and, where relevant, the appeal routes and time limits.",
  "ack.incomplete": `Your request seems incomplete: the service will tell you which documents or information are missing and the time limit to provide them (article L. 114-5 of the ${CRPA}).{{#decision}} The time limit after which an implicit decision may arise only starts when they are received.{{/decision}}`,
  "ack.missingIntro": "Missing documents or information:",
  "ack.legalBasis": `Acknowledgement of receipt issued under articles L. 112-3 and R. 112-5 of the ${CRPA}.`,

  "reg.subject": "Registration receipt for your request {{reference}}",
  "reg.title": "Registration receipt for your request",
  "reg.intro":
    "Your request was registered on {{receivedOn}} at {{receivedTime}} under the reference {{reference}}. Please quote this reference in all your exchanges with our services.",
  "reg.next":
    "It is being forwarded to the competent service. You will then receive an acknowledgement of receipt giving the service handling your request, its contact details, the response time and, where relevant, the date on which an implicit decision could arise and the appeal routes.",
  "reg.tracking": "You can follow your request online:",
  "reg.trackingLink": "Follow my request {{reference}}",
  "reg.copyHeading": "Your message",
  "reg.legalBasis": `Registration receipt issued under article L. 112-11 of the ${CRPA}. It does not prejudge whether your request is admissible.`,
  "reg.counterNote": "This receipt does not prejudge whether your request is admissible.",

  "letter.place": "{{townName}}, {{issuedOn}}",
  "letter.object": "Subject: {{subject}}",
  "letter.counterHandover": "Handed over at the desk on {{issuedOn}}.",

  "status.reply.subject": "Answer to your request {{reference}}",
  "status.reply.title": "Answer to your request",
  "status.reply.intro": "The service {{serviceName}} answers your request {{reference}}:",
  "status.reply.agent": "Officer handling your request: {{agentName}}{{#agentRole}}, {{agentRole}}{{/agentRole}}.",
  "status.waiting.subject": "Your request {{reference}}: information needed",
  "status.waiting.title": "Documents or information needed",
  "status.waiting.intro": "To handle your request {{reference}}, the service {{serviceName}} needs the following:",
  "status.waiting.respondBy": "Please send them to the service by {{respondBy}}, quoting your reference.",
  "status.waiting.suspension": `The time limit after which an implicit decision may arise only starts when they are received (article L. 114-5 of the ${CRPA}).`,
  "status.closed.subject": "Your request {{reference}} is closed",
  "status.closed.title": "Your request is closed",
  "status.closed.intro": "The service {{serviceName}} has closed your request {{reference}}.",
  "status.closed.reopen":
    "If you feel your request has not been fully answered, contact the town hall and quote your reference.",
  "status.rerouted.subject": "Your request {{reference}} is now handled by another service",
  "status.rerouted.title": "Your request has changed service",
  "status.rerouted.intro":
    "Your request {{reference}} is now handled by the service {{serviceName}}{{#previousServiceName}} instead of {{previousServiceName}}{{/previousServiceName}}. Its contact details:",
  "status.rerouted.delays":
    "Its date of receipt is unchanged. If this change alters the response time or the legal regime of your request, you will receive a new acknowledgement of receipt.",
  "sms.registration":
    "{{townName}} town hall: request {{reference}} received on {{receivedOn}} at {{receivedTime}}.{{#trackingUrl}} Track: {{trackingUrl}}{{/trackingUrl}} Do not reply.",
  "sms.acknowledgement":
    "{{townName}} town hall: your request {{reference}} is handled by {{serviceName}}{{#servicePhone}} ({{servicePhone}}){{/servicePhone}}.{{#decisionOn}} Without an answer by {{decisionOn}}: implicit {{implicit}}.{{/decisionOn}} Do not reply.",
  "sms.reply":
    "{{townName}} town hall: {{serviceName}} answered your request {{reference}}. To hear it, {{#servicePhone}}call {{servicePhone}} or {{/servicePhone}}come to the town hall.",
  "sms.waiting":
    "{{townName}} town hall: documents are missing for your request {{reference}}. Contact {{serviceName}}{{#servicePhone}} on {{servicePhone}}{{/servicePhone}}.",
  "sms.closed":
    "{{townName}} town hall: your request {{reference}} is closed.{{#servicePhone}} Questions? {{servicePhone}}{{/servicePhone}}",
  "sms.rerouted":
    "{{townName}} town hall: your request {{reference}} is now handled by {{serviceName}}{{#servicePhone}}, tel {{servicePhone}}{{/servicePhone}}.",
};
