import { answerPage, html, type PageResponse, requireStaff } from "@guichet/web";
import { Controller, Get, Inject, Req, Res } from "@nestjs/common";
import type { PageRequest } from "../web/page-edge.ts";
import { WEB_CHANNEL, type WebChannel } from "../web/web-channel.ts";
import { ENTRY_ROLES } from "./staff-page.ts";

/** `/accueil/saisie`: the entry forms of reception (counter, phone, post). */
@Controller("accueil/saisie")
export class EntryIndexController {
  constructor(@Inject(WEB_CHANNEL) private readonly web: WebChannel) {}

  @Get()
  async index(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await answerPage(
      request,
      response,
      { town: this.web.config.townName, secret: this.web.identitySecret },
      async () => {
        requireStaff(request, this.web.identitySecret, ENTRY_ROLES);
        return {
          title: "Saisie accueil, téléphone et courrier",
          currentPath: "/accueil/saisie",
          main: html`<h1>Saisie accueil, téléphone et courrier</h1>
<ul>
<li><a href="/accueil/saisie/guichet">Enregistrer une visite au guichet</a> — avec reçu à remettre au visiteur</li>
<li><a href="/accueil/saisie/telephone">Noter un appel téléphonique</a></li>
<li><a href="/accueil/saisie/appels">Importer le journal d’appels du standard</a></li>
<li><a href="/accueil/saisie/courrier">Enregistrer un courrier reçu</a> — avec le courrier numérisé</li>
</ul>`,
        };
      },
    );
  }
}
