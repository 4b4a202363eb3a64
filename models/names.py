"""The names the tracker knows an organization or a person by: what suggestions look for in a new document and
what near-match checks compare a new name with (tracker.domain.suggest)."""

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models.tables import Organization, Person, PersonAlias
from tracker.domain.suggest import Known


def known_organizations(engine: Engine) -> list[Known]:
    """Every organization by the names a text may call it: its name and acronym."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(Organization.slug, Organization.name, Organization.acronym))
        return [Known(r.slug, tuple(n for n in (r.name, r.acronym) if n)) for r in rows]


def known_people(engine: Engine) -> list[Known]:
    """Every person by their name and the other spellings recorded for them."""
    with engine.connect() as connection:
        names = {r.slug: [r.name] for r in connection.execute(sa.select(Person.slug, Person.name))}
        for alias in connection.execute(sa.select(PersonAlias.person_slug, PersonAlias.alias)):
            names[alias.person_slug].append(alias.alias)
    return [Known(slug, tuple(spellings)) for slug, spellings in names.items()]
