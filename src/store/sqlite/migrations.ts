/**
 * Schema changes in order. The database's `user_version` says how many have run; each
 * runs once, inside a transaction, so a failed start leaves nothing half-migrated.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    username_lower TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent', 'team-lead')),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL
  );

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES staff(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);

  CREATE TABLE cleansing_requests (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    new_email TEXT NOT NULL,
    old_email TEXT NOT NULL,
    nhs_number_last3 TEXT NOT NULL CHECK (length(nhs_number_last3) = 3 AND nhs_number_last3 GLOB '[0-9][0-9][0-9]'),
    last_access_date TEXT,
    steps_taken TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    sender_ods_code TEXT NOT NULL,
    sender_email TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new')),
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
  );
  CREATE INDEX cleansing_requests_newest ON cleansing_requests(created_at DESC, id DESC);

  CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_user_id TEXT,
    actor_username TEXT,
    action TEXT NOT NULL,
    reference TEXT,
    dedupe_key TEXT UNIQUE
  );
  CREATE INDEX audit_events_newest ON audit_events(at DESC, seq DESC);
  `,
  `
  CREATE TABLE triage (
    id TEXT PRIMARY KEY,
    ticket_reference TEXT NOT NULL,
    tree_id TEXT NOT NULL,
    tree_version INTEGER NOT NULL,
    agent_user_id TEXT,
    agent_username TEXT,
    -- JSON array of {nodeId, answer, at (ISO instant)}.
    steps TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(steps) AND json_type(steps) = 'array'),
    -- JSON {nodeId, result, next}, or NULL while the triage is open.
    outcome TEXT CHECK (outcome IS NULL OR (json_valid(outcome) AND json_type(outcome) = 'object')),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
  );
  CREATE INDEX triage_newest ON triage(started_at DESC, id DESC);
  CREATE INDEX triage_by_agent ON triage(agent_user_id, started_at DESC, id DESC);

  CREATE TABLE journey_counts (
    tree_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('reached', 'ended')),
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (tree_id, node_id, event)
  ) WITHOUT ROWID;
  `,
  `
  -- Sliding idle timeout: when the session was last used (NULL: not since it was created).
  ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;

  -- One-time set-up link tokens (SHA-256), shared by every process on this file.
  CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
  ) WITHOUT ROWID;

  -- Sign-in attempts per key ('user:…' or 'ip:…'); an attempt not forgotten is a failure.
  CREATE TABLE sign_in_attempts (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sign_in_attempts_by_key ON sign_in_attempts(key, at);
  CREATE INDEX sign_in_attempts_expiry ON sign_in_attempts(expires_at);

  CREATE TABLE sign_in_locks (
    key TEXT PRIMARY KEY,
    until TEXT NOT NULL
  ) WITHOUT ROWID;

  -- Encrypted form drafts between steps (the store never sees the key).
  CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    ciphertext TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX drafts_expiry ON drafts(expires_at);
  `,
  `
  -- One row, rewritten by every readiness probe (GET /health/ready): proves a write lands.
  CREATE TABLE health_probe (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at TEXT NOT NULL
  );
  `,
  // The audit log becomes a hash chain (src/audit/chain.ts) with signed checkpoints. Rows from
  // before this have no hashes: the adapter chains them once when it opens the database
  // (SQL cannot compute SHA-256), and only when no row has a hash yet.
  `
  ALTER TABLE audit_events ADD COLUMN prev TEXT;
  ALTER TABLE audit_events ADD COLUMN hash TEXT;
  -- The audit page lists newest first by (at, seq): each filter's index gives that order.
  CREATE INDEX audit_events_by_username ON audit_events(actor_username, at, seq);
  CREATE INDEX audit_events_by_action ON audit_events(action, at, seq);
  CREATE INDEX audit_events_by_reference ON audit_events(reference, at, seq);

  CREATE TABLE audit_checkpoints (
    seq INTEGER PRIMARY KEY,
    hash TEXT NOT NULL,
    at TEXT NOT NULL,
    mac TEXT NOT NULL
  );
  `,
  // Agents work cleansing requests to done (issue 7): the five statuses, an assignee, the
  // last change and closing time on the request; history and notes in tables of their own
  // (append-only). SQLite cannot widen a CHECK in place, so the table is rebuilt; existing
  // rows stay 'new', their last change being their arrival.
  `
  CREATE TABLE cleansing_requests_v2 (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    new_email TEXT NOT NULL,
    old_email TEXT NOT NULL,
    nhs_number_last3 TEXT NOT NULL CHECK (length(nhs_number_last3) = 3 AND nhs_number_last3 GLOB '[0-9][0-9][0-9]'),
    last_access_date TEXT,
    steps_taken TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    sender_ods_code TEXT NOT NULL,
    sender_email TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in-progress', 'waiting-for-practice', 'completed', 'rejected')),
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    -- The assignee as a JSON StaffRef {userId, username, displayName}; its id alone for "assigned to me".
    assignee_user_id TEXT,
    assignee TEXT CHECK (assignee IS NULL OR (json_valid(assignee) AND json_type(assignee) = 'object')),
    last_change_at TEXT NOT NULL,
    -- JSON StaffRef, or NULL for the public form's arrival.
    last_change_by TEXT CHECK (last_change_by IS NULL OR (json_valid(last_change_by) AND json_type(last_change_by) = 'object')),
    closed_at TEXT,
    updated_at TEXT NOT NULL
  );
  INSERT INTO cleansing_requests_v2 (id, reference, idempotency_key, new_email, old_email, nhs_number_last3,
      last_access_date, steps_taken, sender_name, sender_ods_code, sender_email, status, created_at, version,
      last_change_at, updated_at)
    SELECT id, reference, idempotency_key, new_email, old_email, nhs_number_last3, last_access_date, steps_taken,
      sender_name, sender_ods_code, sender_email, 'new', created_at, version, created_at, created_at
    FROM cleansing_requests;
  DROP TABLE cleansing_requests;
  ALTER TABLE cleansing_requests_v2 RENAME TO cleansing_requests;
  -- The queue pages by (created_at, id) either way; each filter has an index in that order.
  CREATE INDEX cleansing_requests_newest ON cleansing_requests(created_at DESC, id DESC);
  CREATE INDEX cleansing_requests_by_status ON cleansing_requests(status, created_at, id);
  CREATE INDEX cleansing_requests_by_assignee ON cleansing_requests(assignee_user_id, created_at, id);
  CREATE INDEX cleansing_requests_by_practice ON cleansing_requests(sender_ods_code, status, created_at, id);

  -- One row per change, keyed by the version it produced: a change is written once.
  CREATE TABLE request_history (
    request_id TEXT NOT NULL REFERENCES cleansing_requests(id),
    version INTEGER NOT NULL CHECK (version >= 2),
    entry TEXT NOT NULL CHECK (json_valid(entry) AND json_type(entry) = 'object'),
    PRIMARY KEY (request_id, version)
  ) WITHOUT ROWID;

  CREATE TABLE request_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES cleansing_requests(id),
    at TEXT NOT NULL,
    by_staff TEXT NOT NULL CHECK (json_valid(by_staff) AND json_type(by_staff) = 'object'),
    text TEXT NOT NULL,
    confirmed_not_patient INTEGER NOT NULL CHECK (confirmed_not_patient IN (0, 1))
  );
  CREATE INDEX request_notes_by_request ON request_notes(request_id, id);
  `,
  // Staff admin: a team lead's password reset makes the user choose a new one; the last
  // sign-in is shown on the staff list; the active-team-lead guard counts by role.
  `
  ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1));
  ALTER TABLE staff ADD COLUMN last_sign_in_at TEXT;
  CREATE INDEX staff_by_role ON staff(role, disabled);
  `,
  // Journey tallies per UTC day (issue 8's figures). The undated tallies stay where they are,
  // readable (list() adds both up); new ones are dated. A day, never a time: still anonymous.
  `
  CREATE TABLE journey_day_counts (
    tree_id TEXT NOT NULL,
    node_id TEXT NOT NULL,
    event TEXT NOT NULL CHECK (event IN ('reached', 'ended')),
    day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (tree_id, node_id, event, day)
  ) WITHOUT ROWID;
  -- Covering: a date range's totals read only this index.
  CREATE INDEX journey_day_counts_by_day ON journey_day_counts(day, tree_id, node_id, event, count);
  -- Figures: triages finished within a date range.
  CREATE INDEX triage_by_ended ON triage(ended_at) WHERE ended_at IS NOT NULL;
  -- Figures: requests per practice within a date range.
  CREATE INDEX cleansing_requests_by_created ON cleansing_requests(created_at, sender_ods_code, status);
  `,
  // One queue of requests of every kind (issue 7): what every kind shares in columns, the
  // kind's details sealed (AES-256-GCM, src/requests/vault.ts) with keyed hashes beside them.
  // SQL cannot encrypt, so existing cleansing requests are carried over as a 'plain:' JSON
  // value that the app seals when it starts (RequestDesk.resealAll, src/requests/desk.ts); secure_delete (set on
  // every connection) zeroes the pages the clear text leaves. History and notes are rebuilt
  // to point at the new table.
  `
  CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('cleansing', 'contact')),
    idempotency_key TEXT NOT NULL UNIQUE,
    sealed_details TEXT,
    purged_details TEXT CHECK (purged_details IS NULL OR json_valid(purged_details)),
    old_email_hash TEXT,
    sender_email_hash TEXT,
    practice_ods_code TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('public', 'ticket')),
    ticket_reference TEXT CHECK ((source = 'ticket') = (ticket_reference IS NOT NULL)),
    -- The agent who wrote it up from a ticket (JSON StaffRef); NULL for the public form.
    created_by TEXT CHECK (created_by IS NULL OR (json_valid(created_by) AND json_type(created_by) = 'object')),
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in-progress', 'waiting-for-practice', 'completed', 'rejected')),
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    assignee_user_id TEXT,
    assignee TEXT CHECK (assignee IS NULL OR (json_valid(assignee) AND json_type(assignee) = 'object')),
    last_change_at TEXT NOT NULL,
    last_change_by TEXT CHECK (last_change_by IS NULL OR (json_valid(last_change_by) AND json_type(last_change_by) = 'object')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    closed_at TEXT,
    purged_at TEXT,
    possible_duplicates TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(possible_duplicates) AND json_type(possible_duplicates) = 'array'),
    CHECK ((sealed_details IS NULL) = (purged_at IS NOT NULL))
  );
  INSERT INTO requests (id, reference, kind, idempotency_key, sealed_details, practice_ods_code, source, status, version,
      assignee_user_id, assignee, last_change_at, last_change_by, created_at, updated_at, closed_at)
    SELECT id, reference, 'cleansing', idempotency_key,
      'plain:' || json_object('kind', 'cleansing', 'newEmail', new_email, 'oldEmail', old_email, 'nhsNumberLast3', nhs_number_last3,
        'lastAccessDate', last_access_date, 'stepsTaken', steps_taken, 'senderName', sender_name,
        'senderOdsCode', sender_ods_code, 'senderEmail', sender_email),
      sender_ods_code, 'public', status, version, assignee_user_id, assignee, last_change_at, last_change_by,
      created_at, updated_at, closed_at
    FROM cleansing_requests;

  CREATE TABLE request_history_v2 (
    request_id TEXT NOT NULL REFERENCES requests(id),
    version INTEGER NOT NULL CHECK (version >= 2),
    entry TEXT NOT NULL CHECK (json_valid(entry) AND json_type(entry) = 'object'),
    PRIMARY KEY (request_id, version)
  ) WITHOUT ROWID;
  INSERT INTO request_history_v2 SELECT request_id, version, entry FROM request_history;
  DROP TABLE request_history;
  ALTER TABLE request_history_v2 RENAME TO request_history;

  CREATE TABLE request_notes_v2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES requests(id),
    at TEXT NOT NULL,
    by_staff TEXT NOT NULL CHECK (json_valid(by_staff) AND json_type(by_staff) = 'object'),
    text TEXT NOT NULL,
    confirmed_not_patient INTEGER NOT NULL CHECK (confirmed_not_patient IN (0, 1))
  );
  INSERT INTO request_notes_v2 SELECT id, request_id, at, by_staff, text, confirmed_not_patient FROM request_notes;
  DROP TABLE request_notes;
  ALTER TABLE request_notes_v2 RENAME TO request_notes;
  CREATE INDEX request_notes_by_request ON request_notes(request_id, id);

  DROP TABLE cleansing_requests;

  -- The queue pages by (created_at, id) either way; each filter has an index in that order.
  CREATE INDEX requests_newest ON requests(created_at, id);
  CREATE INDEX requests_by_status ON requests(status, created_at, id);
  CREATE INDEX requests_by_kind ON requests(kind, status, created_at, id);
  CREATE INDEX requests_by_assignee ON requests(assignee_user_id, status, created_at, id);
  CREATE INDEX requests_by_practice ON requests(practice_ods_code, status, created_at, id);
  CREATE INDEX requests_by_ticket ON requests(ticket_reference) WHERE ticket_reference IS NOT NULL;
  -- Figures: requests per practice, kind and status within a date range.
  CREATE INDEX requests_by_created ON requests(created_at, practice_ods_code, kind, status);
  -- The duplicate check (open requests only) and the retention purge (closed, not yet purged).
  CREATE INDEX requests_by_old_email ON requests(old_email_hash, created_at, id) WHERE old_email_hash IS NOT NULL;
  CREATE INDEX requests_to_purge ON requests(closed_at) WHERE purged_at IS NULL AND closed_at IS NOT NULL;
  -- Figures and "review a sample": requests closed (Completed, Rejected) within a date range.
  CREATE INDEX requests_by_closed ON requests(status, closed_at);
  `,
  // Four-eyes review (issue 8): team leads' marks (a request, or a day's audit events) and their
  // queries to agents. Staff are kept as JSON StaffRefs, as on requests; ids alone for look-ups.
  `
  CREATE TABLE review_marks (
    target_kind TEXT NOT NULL CHECK (target_kind IN ('request', 'day')),
    target TEXT NOT NULL,
    by_user_id TEXT NOT NULL,
    by_staff TEXT NOT NULL CHECK (json_valid(by_staff) AND json_type(by_staff) = 'object'),
    at TEXT NOT NULL,
    comment TEXT,
    -- One mark per lead and target: marking twice keeps the first.
    PRIMARY KEY (target_kind, target, by_user_id)
  ) WITHOUT ROWID;
  CREATE INDEX review_marks_by_target ON review_marks(target_kind, target DESC, at);

  CREATE TABLE review_queries (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL,
    raised_by TEXT NOT NULL CHECK (json_valid(raised_by) AND json_type(raised_by) = 'object'),
    to_user_id TEXT NOT NULL,
    to_staff TEXT NOT NULL CHECK (json_valid(to_staff) AND json_type(to_staff) = 'object'),
    comment TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    answer_text TEXT,
    answered_by TEXT CHECK (answered_by IS NULL OR (json_valid(answered_by) AND json_type(answered_by) = 'object')),
    answered_at TEXT,
    -- An answer comes whole or not at all.
    CHECK ((answer_text IS NULL) = (answered_at IS NULL) AND (answered_by IS NULL) = (answered_at IS NULL))
  );
  CREATE INDEX review_queries_by_reference ON review_queries(reference, raised_at);
  CREATE INDEX review_queries_open_by_addressee ON review_queries(to_user_id, raised_at) WHERE answered_at IS NULL;
  CREATE INDEX review_queries_open ON review_queries(raised_at) WHERE answered_at IS NULL;
  `,
];
