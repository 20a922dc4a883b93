"""The scratch database of P6 and P7 (``hj_bench_pdf``): a small service with real letters.

The data is made once through the real services (the test factories, Zulip's rule) into a
*template* database whose name carries a hash of the migrations and of this file; every
measurement then starts from a fresh copy (``CREATE DATABASE … TEMPLATE``, well under a
second), so the 1 000 documents P7 orders never pile up and a fresh clone builds it once.

What it holds (``manifest()`` reads the ids back):

- a case with two parties and an approved decision (vedtak) with two measures, whose letter
  is the "typical vedtak PDF" of P6a and the document P7's worker renders 1 000 times;
- two cases with an approved plan (tiltaksplan) of ``PLAN_GOALS`` goals each: about 5 and
  about 40 pages (P6b reads the real page count back from the PDF).

Run ``python -m bench._pdfdata build`` with ``DATABASE_URL`` set to build into a database
(``ensure_template`` does that in a subprocess).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "bench._settings"
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
SCRATCH = "hj_bench_pdf"
TEMPLATE_PREFIX = "hj_bench_pdf_tpl_"
#: Goals in the "short" and the "long" plan: about 5 and about 40 A4 pages.
PLAN_GOALS = {"short": 4, "long": 72}


def server_url() -> str:
    """The PostgreSQL server of the scratch databases (``BENCH_PG_URL``, without a name)."""
    return os.environ.get("BENCH_PG_URL", DEFAULT_SERVER).rstrip("/")


def db_url(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def _admin():
    import psycopg

    return psycopg.connect(db_url("postgres"), autocommit=True)


def _exists(cur, name: str) -> bool:
    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cur.fetchone() is not None


def _key() -> str:
    """The migrations and this file: a change to either builds the template again."""
    h = hashlib.sha256()
    files = [*sorted(ROOT.glob("*/migrations/*.py")), Path(__file__)]
    for f in files:
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:10]


def env_for(name: str, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=db_url(name),
        PYTHONPATH=str(ROOT),
        CONN_MAX_AGE="0",
    )
    env.pop("CELERY_BROKER_URL", None)
    env.update(extra)
    return env


def ensure_template(log=print) -> str:
    """The template database for the current code, built when missing."""
    from psycopg import sql

    name = TEMPLATE_PREFIX + _key()
    with _admin() as conn, conn.cursor() as cur:
        if _exists(cur, name):
            return name
        cur.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s", [TEMPLATE_PREFIX + "%"]
        )
        for (old,) in cur.fetchall():
            cur.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(old)))
        building = name + "_building"
        drop_building = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        cur.execute(drop_building.format(sql.Identifier(building)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
    log(f"P6/P7: building the letters' template database {name} (once)")
    started = time.monotonic()
    env = env_for(building, DOCUMENTS_ROOT=str(ROOT / "var" / "bench-dokumenter"))
    py = sys.executable
    for args in (["manage.py", "migrate", "--no-input", "-v0"], ["-m", "bench._pdfdata", "build"]):
        subprocess.run([py, *args], cwd=ROOT, env=env, check=True)  # noqa: S603
    with _admin() as conn, conn.cursor() as cur:
        cur.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(building), sql.Identifier(name)
            )
        )
    log(f"P6/P7: template built in {time.monotonic() - started:.0f} s")
    return name


def fresh_scratch(template: str, name: str = SCRATCH) -> str:
    """``name`` dropped and copied from ``template``; returns its URL."""
    from psycopg import sql

    with _admin() as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cur.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return db_url(name)


def drop(name: str = SCRATCH) -> None:
    from psycopg import sql

    with _admin() as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- Inside Django (the build subprocess and the measuring ones) --------------------------------

SAK_VEDTAK = "Benchbrev"
SAK_PLAN = {"short": "Benchplan-kort", "long": "Benchplan-lang"}

GOAL_TEXT = (
    "Barnet opplever trygge og forutsigbare voksne hjemme og på skolen, og foreldrene bruker "
    "det de har lært i veiledningen når det oppstår konflikter i hverdagen"
)
INDICATOR_TEXT = (
    "Antall uker der skolen og foreldrene melder om rolige morgener og at barnet kom tidsnok, "
    "målt av kontaktlæreren og foreldrene sammen hver fredag og gjennomgått på hvert "
    "oppfølgingsmøte med barnevernstjenesten"
)


def _goals(n: int) -> list[dict]:
    rows = []
    for i in range(n):
        rows.append(
            {
                "beskrivelse": f"{GOAL_TEXT} (mål {i + 1})",
                "indikator": INDICATOR_TEXT,
                "niva_na": "2 av 5 uker",
                "malniva": "5 av 5 uker",
                "barnets_ord": "Jeg vil at det skal være rolig hjemme om morgenen.",
            }
        )
        rows.append(
            {
                "delmal": True,
                "beskrivelse": f"Fast morgenrutine med en voksen som følger opp (delmål {i + 1})",
                "indikator": "Morgener med rutine per uke",
                "niva_na": "1",
                "malniva": "5",
            }
        )
    return rows


def _activities(n: int) -> list[dict]:
    return [
        {
            "hva": f"Samtale og aktivitet med støttekontakten, økt {i + 1}",
            "hvor": "Hjemme og på fotballbanen",
            "hvor_ofte": "4 timer per uke",
            "ansvarlig": "Støttekontakten og foreldrene",
        }
        for i in range(max(1, n // 3))
    ]


def build() -> None:
    """Build the data through the real services (needs Django set up, eager Celery)."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from types import SimpleNamespace

    from accounts.models import Rolle
    from tests.factories import grant, make_sak, make_user, org
    from tests.plans import factories as pf
    from tests.vedtak import factories as vf
    from vedtak.catalogue import seed_tiltakstyper

    seed_tiltakstyper()
    tjeneste, team, _other = org("9901")
    sb = grant(make_user("bench-pdf-sb"), Rolle.SAKSBEHANDLER, team=team)
    tl = grant(make_user("bench-pdf-tl"), Rolle.TEAMLEDER, team=team)
    bvl = grant(make_user("bench-pdf-bvl"), Rolle.BARNEVERNLEDER, tjeneste=tjeneste)
    sb.email, tl.email, bvl.email = "sb@bench.invalid", "tl@bench.invalid", "bvl@bench.invalid"
    for u in (sb, tl, bvl):
        u.tittel = "Rådgiver"
        u.save(update_fields=["email", "tittel"])

    def world(sak):
        return SimpleNamespace(saksbehandler=sb, teamleder=tl, barnevernleder=bvl, sak_a=sak)

    sak = make_sak(sb, team, fornavn=SAK_VEDTAK, parter=2, age=12)
    vf.godkjent(world(sak), sak=sak, tiltak=("stottekontakt", "foreldreveiledning"))
    for size, goals in PLAN_GOALS.items():
        psak = make_sak(sb, team, fornavn=SAK_PLAN[size], parter=2, age=10)
        w = world(psak)
        vedtak = vf.godkjent(w, sak=psak, tiltak=("stottekontakt", "foreldreveiledning"))
        pf.approved(
            w,
            psak,
            tiltak=pf.tiltak_of(vedtak),
            goals=_goals(goals),
            activities=_activities(goals),
        )


def manifest() -> dict:
    """The ids the measurements use (needs Django set up)."""
    # Inside: the bench modules import without Django set up (bench/run.py).
    from cases.models import Sak
    from documents.models import Dokument
    from plans.models import Planversjon
    from vedtak.models import Vedtak

    vedtak = Vedtak.objects.get(sak__barn__fornavn=SAK_VEDTAK)
    vedtak_doc = Dokument.objects.for_source(vedtak).filter(type="vedtak").latest("versjon")
    plans = {}
    for size, fornavn in SAK_PLAN.items():
        versjon = Planversjon.objects.filter(plan__sak__barn__fornavn=fornavn).latest("nummer")
        doc = Dokument.objects.for_source(versjon).filter(type="tiltaksplan").latest("versjon")
        plans[size] = {"versjon_id": versjon.pk, "dokument_id": doc.pk}
    sak = Sak.objects.get(pk=vedtak.sak_id)
    return {
        "vedtak_id": vedtak.pk,
        "vedtak_dokument_id": vedtak_doc.pk,
        "sak_id": sak.pk,
        "saksbehandler_id": sak.saksbehandler_id,
        "plans": plans,
    }


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


if __name__ == "__main__":
    setup_django()
    if sys.argv[1:] == ["build"]:
        build()
    else:
        sys.exit("usage: python -m bench._pdfdata build")
