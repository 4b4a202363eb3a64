"""Read queries behind the pages: SQL with bound parameters, aggregation in the database, DataFrames out."""

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from models.tables import Commitment, Event, Initiative, Organization, ParticipationFigure, Person, Source


def headline_counts(engine: Engine) -> dict[str, int]:
    tables = {
        "commitments": Commitment,
        "events": Event,
        "organizations": Organization,
        "people": Person,
        "initiatives": Initiative,
        "participation_figures": ParticipationFigure,
        "sources": Source,
    }
    selects = [sa.select(sa.literal(name).label("name"), sa.func.count().label("n")).select_from(model)
               for name, model in tables.items()]  # fmt: skip
    with engine.connect() as connection:
        return {name: n for name, n in connection.execute(sa.union_all(*selects))}


def commitments_by_framework_and_status(engine: Engine) -> pd.DataFrame:
    statement = (
        sa.select(Commitment.framework, Commitment.status, sa.func.count().label("commitments"))
        .group_by(Commitment.framework, Commitment.status)
        .order_by(Commitment.framework, Commitment.status)
    )
    with engine.connect() as connection:
        return pd.DataFrame(connection.execute(statement).all(), columns=["framework", "status", "commitments"])
