"""The migrations build the schema the models describe, and go down and up again, on SQLite and PostgreSQL."""
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from badgeathon.extensions import db


def tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def drop_everything(app) -> None:
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def test_migrations_upgrade_to_the_models_then_downgrade_and_upgrade_again(app):
    drop_everything(app)
    with app.app_context():
        upgrade()
        expected = {table.name for table in db.metadata.sorted_tables}
        assert expected <= tables(db.engine)
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []

        downgrade(revision="base")
        assert tables(db.engine) - {"alembic_version"} == set()

        upgrade()
        assert expected <= tables(db.engine)
