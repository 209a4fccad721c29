import { html, type SafeHtml } from "@guichet/web";

/** RGAA 4.1 accessibility statement (déclaration d'accessibilité), the town's name filled in. */
export function accessibilityStatement(town: { name: string }): { title: string; main: SafeHtml } {
  return {
    title: "Déclaration d’accessibilité",
    main: html`<h1>Déclaration d’accessibilité</h1>
<p>La mairie de ${town.name} s’engage à rendre ses services en ligne accessibles, conformément à l’article 47
de la loi n° 2005-102 du 11 février 2005. Cette déclaration s’applique au site des demandes de la mairie
(formulaire de demande, suivi, annuaire « qui fait quoi » et espace des agents).</p>
<h2>État de conformité</h2>
<p>Le site est <strong>partiellement conforme</strong> avec le référentiel général d’amélioration de
l’accessibilité (RGAA), version 4.1 : l’audit complet n’a pas encore été réalisé. Chaque page est vérifiée
automatiquement (axe-core, niveau AA des WCAG 2.1) et la navigation au clavier du formulaire de demande est
testée à chaque version.</p>
<h2>Ce qui est fait</h2>
<ul>
<li>Les pages fonctionnent sans JavaScript ; les formulaires peuvent être remplis et envoyés au clavier seul.</li>
<li>Chaque champ a une étiquette ; les erreurs sont listées en haut du formulaire et reliées à leur champ.</li>
<li>Le contraste des textes atteint au moins 4,5:1 ; le focus du clavier est toujours visible.</li>
<li>Un lien d’évitement mène directement au contenu ; chaque page a un titre unique.</li>
</ul>
<h2>Contenus non accessibles</h2>
<p>Les pièces jointes déposées par les usagers (photos, documents scannés) ne sont pas rendues accessibles
par le site.</p>
<h2>Retour d’information et contact</h2>
<p>Si vous ne pouvez pas accéder à un contenu ou à un service, contactez la mairie par téléphone, par courrier
ou à l’accueil : un agent vous aidera et pourra enregistrer votre demande à votre place. Les coordonnées et
horaires sont sur la page <a href="/qui-fait-quoi">Qui fait quoi ?</a></p>
<h2>Voies de recours</h2>
<p>Si vous avez signalé un défaut d’accessibilité sans obtenir de réponse satisfaisante, vous pouvez écrire
au Défenseur des droits (formulaire en ligne ou courrier gratuit : Défenseur des droits, Libre réponse 71120,
75342 Paris CEDEX 07), ou contacter son délégué dans votre région.</p>`,
  };
}

/** RGPD notice: what is kept, why, for how long, who sees it, and the citizen's rights. */
export function personalDataNotice(town: { name: string }): { title: string; main: SafeHtml } {
  return {
    title: "Données personnelles",
    main: html`<h1>Données personnelles</h1>
<p>La mairie de ${town.name} est responsable du traitement des données que vous nous confiez quand vous faites
une demande, par quelque canal que ce soit (site, courriel, téléphone, accueil, courrier).</p>
<h2>Pourquoi</h2>
<p>Pour enregistrer votre demande, la transmettre au service compétent, vous envoyer l’accusé de réception
prévu par le code des relations entre le public et l’administration (articles L112-3 et R112-5) et vous
répondre. Base légale : l’exécution d’une mission de service public (article 6.1.e du RGPD).</p>
<h2>Ce que nous gardons</h2>
<ul>
<li>votre nom et les coordonnées que vous choisissez de donner (courriel, téléphone, adresse postale) ;</li>
<li>le contenu de votre demande, ses pièces jointes, et les échanges avec les services ;</li>
<li>les dates de réception, d’accusé de réception et de réponse, pour mesurer nos délais.</li>
</ul>
<p>Les statistiques de délais ne contiennent aucune donnée personnelle. Les journaux techniques du site
n’enregistrent ni nom, ni coordonnées, ni contenu de demande.</p>
<h2>Combien de temps</h2>
<p>Les demandes et leurs échanges sont conservés <strong>deux ans après leur clôture</strong> (durée réglable par
catégorie de demande), puis supprimés ou anonymisés, sauf obligation d’archivage public. Le journal des accès des
agents aux demandes est conservé <strong>un an</strong>.</p>
<h2>Qui y a accès</h2>
<p>Seuls les agents du service chargé de votre demande, l’accueil qui l’oriente et les administrateurs du site.
Chaque consultation ou modification de vos données par un agent est enregistrée (qui, quand, quoi) dans un
journal réservé aux administrateurs. Vos données ne sont ni vendues ni cédées.</p>
<h2>Vos droits</h2>
<p>Vous pouvez accéder à vos données, les faire rectifier, en demander l’effacement ou une copie, ou vous opposer
à leur traitement, en écrivant à la mairie ou à son délégué à la protection des données (coordonnées sur la page
<a href="/qui-fait-quoi">Qui fait quoi ?</a>). Si vous estimez que vos droits ne sont pas respectés, vous pouvez
adresser une réclamation à la CNIL (www.cnil.fr).</p>
<h2>Cookies</h2>
<p>Le site n’utilise aucun cookie de mesure d’audience ni de publicité. Il dépose un cookie technique de sécurité
(protection des formulaires) et, pour les agents connectés, un cookie de session ; ils ne nécessitent pas votre
consentement.</p>`,
  };
}
