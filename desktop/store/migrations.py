"""Client schema migrations: numbered steps of SQL, applied on unlock.

A laptop upgraded in the middle of a campaign must keep every draft, so the schema is never
rebuilt from the models: each version is a frozen step of SQL, applied in order inside one
transaction together with the new `PRAGMA user_version`. A crash mid-migration leaves the old
version intact. `tests/desktop/test_migrations.py` checks that the steps end exactly at what
the models in `models.py` describe.

To change the schema: change the model, then add a step here; never edit a step that shipped.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

_V1 = """
CREATE TABLE audit_log (
    seq INTEGER NOT NULL,
    at VARCHAR(32) NOT NULL,
    actor VARCHAR(64) NOT NULL,
    device VARCHAR(64) NOT NULL,
    action VARCHAR(32) NOT NULL,
    record_type VARCHAR(20) NOT NULL,
    record_id VARCHAR(36) NOT NULL,
    detail JSON NOT NULL,
    prev_hash VARCHAR(64) NOT NULL,
    hash VARCHAR(64) NOT NULL,
    CONSTRAINT pk_audit_log PRIMARY KEY (seq)
);
CREATE TABLE campaigns (
    id VARCHAR(36) NOT NULL,
    county_code VARCHAR(12) NOT NULL,
    round VARCHAR(8) NOT NULL,
    year INTEGER NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    CONSTRAINT pk_campaigns PRIMARY KEY (id)
);
CREATE TABLE divisions (
    code VARCHAR(12) NOT NULL,
    name VARCHAR(100) NOT NULL,
    level VARCHAR(10) NOT NULL,
    parent_code VARCHAR(12),
    CONSTRAINT pk_divisions PRIMARY KEY (code),
    CONSTRAINT fk_divisions_parent_code_divisions FOREIGN KEY(parent_code) REFERENCES divisions (code)
);
CREATE INDEX ix_divisions_parent_code ON divisions (parent_code);
CREATE TABLE outbox (
    seq INTEGER NOT NULL,
    record_type VARCHAR(20) NOT NULL,
    record_id VARCHAR(36) NOT NULL,
    revision INTEGER NOT NULL,
    base_revision INTEGER NOT NULL,
    payload JSON NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    state VARCHAR(12) NOT NULL,
    batch_id VARCHAR(36),
    result TEXT,
    CONSTRAINT pk_outbox PRIMARY KEY (seq)
);
CREATE TABLE sync_state (
    "key" VARCHAR(40) NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT pk_sync_state PRIMARY KEY ("key")
);
CREATE TABLE households (
    id VARCHAR(36) NOT NULL,
    village_code VARCHAR(12) NOT NULL,
    address TEXT NOT NULL,
    head_name VARCHAR(100) NOT NULL,
    head_id_number VARCHAR(18),
    phone VARCHAR(20),
    hukou_type VARCHAR(8),
    categories JSON NOT NULL,
    origin VARCHAR(10) NOT NULL,
    revision INTEGER NOT NULL,
    base_revision INTEGER NOT NULL,
    device_updated_at VARCHAR(32) NOT NULL,
    server_updated_at VARCHAR(32),
    CONSTRAINT pk_households PRIMARY KEY (id),
    CONSTRAINT fk_households_village_code_divisions FOREIGN KEY(village_code) REFERENCES divisions (code)
);
CREATE INDEX ix_households_head_id_number ON households (head_id_number);
CREATE INDEX ix_households_village_code ON households (village_code);
CREATE TABLE surveys (
    id VARCHAR(36) NOT NULL,
    household_id VARCHAR(36) NOT NULL,
    campaign_id VARCHAR(36),
    form_id VARCHAR(64) NOT NULL,
    form_version INTEGER NOT NULL,
    answers JSON NOT NULL,
    status VARCHAR(24) NOT NULL,
    revision INTEGER NOT NULL,
    base_revision INTEGER NOT NULL,
    cadre VARCHAR(64) NOT NULL,
    device_created_at VARCHAR(32) NOT NULL,
    device_updated_at VARCHAR(32) NOT NULL,
    server_updated_at VARCHAR(32),
    CONSTRAINT pk_surveys PRIMARY KEY (id),
    CONSTRAINT fk_surveys_household_id_households FOREIGN KEY(household_id) REFERENCES households (id),
    CONSTRAINT fk_surveys_campaign_id_campaigns FOREIGN KEY(campaign_id) REFERENCES campaigns (id)
);
CREATE INDEX ix_surveys_campaign_id ON surveys (campaign_id);
CREATE INDEX ix_surveys_household_id ON surveys (household_id);
CREATE INDEX ix_surveys_status ON surveys (status);
CREATE TABLE visit_outcomes (
    id VARCHAR(36) NOT NULL,
    household_id VARCHAR(36) NOT NULL,
    campaign_id VARCHAR(36),
    outcome VARCHAR(16) NOT NULL,
    revisit_on DATE,
    note TEXT NOT NULL,
    cadre VARCHAR(64) NOT NULL,
    revision INTEGER NOT NULL,
    device_recorded_at VARCHAR(32) NOT NULL,
    CONSTRAINT pk_visit_outcomes PRIMARY KEY (id),
    CONSTRAINT fk_visit_outcomes_household_id_households FOREIGN KEY(household_id) REFERENCES households (id),
    CONSTRAINT fk_visit_outcomes_campaign_id_campaigns FOREIGN KEY(campaign_id) REFERENCES campaigns (id)
);
CREATE INDEX ix_visit_outcomes_household_id ON visit_outcomes (household_id);
CREATE TABLE attachments (
    id VARCHAR(36) NOT NULL,
    survey_id VARCHAR(36) NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    kind VARCHAR(20) NOT NULL,
    media_type VARCHAR(40) NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    uploaded_bytes INTEGER NOT NULL,
    CONSTRAINT pk_attachments PRIMARY KEY (id),
    CONSTRAINT fk_attachments_survey_id_surveys FOREIGN KEY(survey_id) REFERENCES surveys (id)
);
CREATE INDEX ix_attachments_sha256 ON attachments (sha256);
CREATE INDEX ix_attachments_survey_id ON attachments (survey_id);
CREATE TABLE review_decisions (
    id VARCHAR(36) NOT NULL,
    survey_id VARCHAR(36) NOT NULL,
    level VARCHAR(10) NOT NULL,
    decision VARCHAR(10) NOT NULL,
    comment TEXT NOT NULL,
    pinned JSON NOT NULL,
    reviewer VARCHAR(64) NOT NULL,
    decided_at VARCHAR(32) NOT NULL,
    revision INTEGER NOT NULL,
    CONSTRAINT pk_review_decisions PRIMARY KEY (id),
    CONSTRAINT fk_review_decisions_survey_id_surveys FOREIGN KEY(survey_id) REFERENCES surveys (id)
);
CREATE INDEX ix_review_decisions_survey_id ON review_decisions (survey_id);
"""

# v2: the short readable survey key people say over the phone (issue 4), and an index so the
# sync engine finds pending outbox entries without scanning acknowledged ones.
_V2 = """
ALTER TABLE surveys ADD COLUMN readable_key VARCHAR(8);
CREATE INDEX ix_outbox_state_seq ON outbox (state, seq);
"""

# v3: the sync engine's side (issue 5): sealed batches with their exact bytes (so a retry is
# byte-identical), what the server acknowledged of each record (for the post-round digest), and
# the sync log a person reads in the app. Outbox entries gain the states sealed, conflict and
# quarantined (the column is free text, so no change is needed there).
_V3 = """
CREATE TABLE sealed_batches (
    batch_id VARCHAR(36) NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    body BLOB NOT NULL,
    record_count INTEGER NOT NULL,
    sends INTEGER NOT NULL,
    CONSTRAINT pk_sealed_batches PRIMARY KEY (batch_id)
);
CREATE TABLE sync_records (
    record_type VARCHAR(20) NOT NULL,
    record_id VARCHAR(36) NOT NULL,
    created_here INTEGER NOT NULL,
    acked_revision INTEGER NOT NULL,
    server_revision INTEGER NOT NULL,
    CONSTRAINT pk_sync_records PRIMARY KEY (record_type, record_id)
);
CREATE TABLE sync_log (
    id INTEGER NOT NULL,
    started_at VARCHAR(32) NOT NULL,
    finished_at VARCHAR(32) NOT NULL,
    outcome VARCHAR(20) NOT NULL,
    via VARCHAR(10) NOT NULL,
    counts JSON NOT NULL,
    error VARCHAR(200),
    CONSTRAINT pk_sync_log PRIMARY KEY (id)
);
"""

# v4: the reviewer's queue (issue 7): surveys of others that a supervisor's feed brings, with their
# server review state, screening flags and the cadre who collected them.
_V4 = """
CREATE TABLE review_items (
    survey_id VARCHAR(36) NOT NULL,
    state VARCHAR(24) NOT NULL,
    server_revision INTEGER NOT NULL,
    short_key VARCHAR(8) NOT NULL,
    village_code VARCHAR(12) NOT NULL,
    township_code VARCHAR(12) NOT NULL,
    cadre_id VARCHAR(36) NOT NULL,
    cadre_name VARCHAR(100) NOT NULL,
    flags JSON NOT NULL,
    computed JSON NOT NULL,
    received_at VARCHAR(32) NOT NULL,
    local_decision VARCHAR(10),
    CONSTRAINT pk_review_items PRIMARY KEY (survey_id),
    CONSTRAINT fk_review_items_survey_id_surveys FOREIGN KEY(survey_id) REFERENCES surveys (id)
);
CREATE INDEX ix_review_items_state ON review_items (state);
CREATE INDEX ix_review_items_village_code ON review_items (village_code);
"""

# v5: what the county publishes on the feed (issue 5): a cadre's assignments, form definitions and
# assistance standards, so the laptop works from the county's copy rather than the bundled one.
_V5 = """
CREATE TABLE assignments (
    id VARCHAR(36) NOT NULL,
    campaign_id VARCHAR(36) NOT NULL,
    village_code VARCHAR(12) NOT NULL,
    household_id VARCHAR(36),
    CONSTRAINT pk_assignments PRIMARY KEY (id)
);
CREATE INDEX ix_assignments_campaign_id ON assignments (campaign_id);
CREATE TABLE published_forms (
    form_id VARCHAR(100) NOT NULL,
    version INTEGER NOT NULL,
    definition JSON NOT NULL,
    received_at VARCHAR(32) NOT NULL,
    CONSTRAINT pk_published_forms PRIMARY KEY (form_id, version)
);
CREATE TABLE published_standards (
    county_code VARCHAR(12) NOT NULL,
    year INTEGER NOT NULL,
    data JSON NOT NULL,
    received_at VARCHAR(32) NOT NULL,
    CONSTRAINT pk_published_standards PRIMARY KEY (county_code, year)
);
"""

# issue 17: the form a campaign's new surveys start on (a county's own form, published by sync).
_V6 = """
ALTER TABLE campaigns ADD COLUMN form_id VARCHAR(100);
ALTER TABLE campaigns ADD COLUMN form_version INTEGER
"""

# issue 14: cases (低保/特困/临时救助 …) as the feed brings them, with this laptop's optimistic state
# while its operations wait for the server; postings (公示) per village; the operations sent and
# what the server answered; appraisal-minutes photos (not a survey's, so not in attachments);
# and the county's case rules as published.
_V7 = """
CREATE TABLE cases (
    id VARCHAR(36) NOT NULL,
    household_id VARCHAR(36) NOT NULL,
    programme VARCHAR(32) NOT NULL,
    step VARCHAR(24) NOT NULL,
    village_code VARCHAR(12) NOT NULL,
    township_code VARCHAR(12) NOT NULL,
    server_revision INTEGER NOT NULL,
    server_data JSON NOT NULL,
    data JSON NOT NULL,
    pending INTEGER NOT NULL,
    refusal JSON,
    updated_at VARCHAR(32) NOT NULL,
    CONSTRAINT pk_cases PRIMARY KEY (id)
);
CREATE INDEX ix_cases_household_id ON cases (household_id);
CREATE INDEX ix_cases_step ON cases (step);
CREATE INDEX ix_cases_village_code ON cases (village_code);
CREATE TABLE postings (
    id VARCHAR(36) NOT NULL,
    village_code VARCHAR(12) NOT NULL,
    township_code VARCHAR(12) NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    window_days INTEGER NOT NULL,
    case_ids JSON NOT NULL,
    server_revision INTEGER NOT NULL,
    CONSTRAINT pk_postings PRIMARY KEY (id)
);
CREATE INDEX ix_postings_village_code ON postings (village_code);
CREATE TABLE case_ops (
    id VARCHAR(36) NOT NULL,
    op VARCHAR(24) NOT NULL,
    case_ids JSON NOT NULL,
    payload JSON NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    state VARCHAR(12) NOT NULL,
    problem JSON,
    CONSTRAINT pk_case_ops PRIMARY KEY (id)
);
CREATE INDEX ix_case_ops_state ON case_ops (state);
CREATE TABLE case_files (
    sha256 VARCHAR(64) NOT NULL,
    media_type VARCHAR(40) NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL,
    uploaded_bytes INTEGER NOT NULL,
    created_at VARCHAR(32) NOT NULL,
    CONSTRAINT pk_case_files PRIMARY KEY (sha256)
);
CREATE TABLE case_rules (
    county_code VARCHAR(12) NOT NULL,
    version INTEGER NOT NULL,
    data JSON NOT NULL,
    received_at VARCHAR(32) NOT NULL,
    CONSTRAINT pk_case_rules PRIMARY KEY (county_code)
)
"""

# issue 15: re-check tasks from the county's economic-status check (the task's words only).
_V8 = """
CREATE TABLE recheck_tasks (
    id VARCHAR(20) NOT NULL,
    household_id VARCHAR(36) NOT NULL,
    rule VARCHAR(40) NOT NULL,
    state VARCHAR(12) NOT NULL,
    text_zh TEXT NOT NULL,
    text_en TEXT NOT NULL,
    received_at VARCHAR(32) NOT NULL,
    CONSTRAINT pk_recheck_tasks PRIMARY KEY (id)
);
CREATE INDEX ix_recheck_tasks_household_id ON recheck_tasks (household_id)
"""

# issue 19: a survey the county withdrew as recorded in error keeps its answers, read-only,
# with when and why (its status becomes "withdrawn").
_V9 = """
ALTER TABLE surveys ADD COLUMN withdrawn_at VARCHAR(32);
ALTER TABLE surveys ADD COLUMN withdrawn_reason TEXT
"""

STEPS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9)
LATEST = len(STEPS)


class SchemaTooNewError(Exception):
    """The database was written by a newer Doorstep than this one."""


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def schema_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())


def migrate(conn: Connection, target: int = LATEST) -> int:
    """Bring the schema to `target` inside the caller's transaction; returns the old version."""
    current = schema_version(conn)
    if current > LATEST:
        raise SchemaTooNewError(
            f"This profile was written by a newer Doorstep (schema {current}); "
            "install the current version before opening it."
        )
    for version in range(current + 1, target + 1):
        for statement in _statements(STEPS[version - 1]):
            conn.execute(text(statement))
        conn.exec_driver_sql(f"PRAGMA user_version = {version}")
    return current
