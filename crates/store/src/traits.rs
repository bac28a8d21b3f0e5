//! The storage contract. The server and the CLI see only this trait.

use async_trait::async_trait;

use crate::error::StoreResult;
use crate::model::*;
use crate::outbox_model::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// An import in progress: rows go in chunk by chunk inside one transaction.
#[async_trait]
pub trait ImportSession: Send {
    /// Matches each row (email, then name) and creates or updates; one result a row.
    async fn apply(&mut self, rows: &[ImportRow]) -> StoreResult<Vec<ImportRowResult>>;
    /// Commits (recording the batch with its counts, `rejected` included, and `details`:
    /// the caller's JSON of what else the import reported) or, for a dry run, rolls back.
    /// Returns the batch id of a committed import.
    async fn finish(self: Box<Self>, rejected: u64, details: &str) -> StoreResult<Option<i64>>;
}

#[async_trait]
pub trait Store: OutboxStore + Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Applies pending migrations (also done by `connect`).
    async fn migrate(&self) -> StoreResult<()>;

    // -- businesses and staff --------------------------------------------
    async fn create_business(&self, new: &NewBusiness, now: Millis) -> StoreResult<Business>;
    async fn business(&self, id: BusinessId) -> StoreResult<Option<Business>>;
    async fn update_business(
        &self,
        id: BusinessId,
        settings: &BusinessSettings,
    ) -> StoreResult<Business>;
    async fn business_by_slug(&self, slug: &str) -> StoreResult<Option<Business>>;
    async fn businesses(&self) -> StoreResult<Vec<Business>>;
    async fn create_staff_user(
        &self,
        business: BusinessId,
        email: &str,
        password_hash: &str,
        role: Role,
        now: Millis,
    ) -> StoreResult<StaffUser>;
    /// Staff users with this (lower-cased) email, in any business.
    async fn staff_users_by_email(&self, email: &str) -> StoreResult<Vec<StaffUser>>;
    async fn create_session(
        &self,
        business: BusinessId,
        user_id: i64,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> StoreResult<()>;
    async fn session_principal(
        &self,
        business: BusinessId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<Principal>>;
    async fn delete_session(&self, business: BusinessId, token_hash: &str) -> StoreResult<()>;
    async fn create_api_key(
        &self,
        business: BusinessId,
        name: &str,
        key_hash: &str,
        now: Millis,
    ) -> StoreResult<i64>;
    async fn api_key_principal(
        &self,
        business: BusinessId,
        key_hash: &str,
    ) -> StoreResult<Option<Principal>>;
    /// The business's API keys (never their secrets), oldest first.
    async fn api_keys(&self, business: BusinessId) -> StoreResult<Vec<ApiKeyInfo>>;
    /// Deletes one key; false when the business has no such key.
    async fn revoke_api_key(&self, business: BusinessId, key_id: i64) -> StoreResult<bool>;

    // -- clients ---------------------------------------------------------
    /// Adds a client; `DuplicateName` when the normalised name exists and homonyms are not allowed.
    async fn insert_client(
        &self,
        business: BusinessId,
        fields: &ClientFields,
        allow_homonym: bool,
        now: Millis,
    ) -> StoreResult<Client>;
    async fn client(&self, business: BusinessId, id: i64) -> StoreResult<Option<Client>>;
    /// The oldest client other than `except` whose normalised name is `name_key`: the
    /// one an edit to that name would merge into (SPEC §6).
    async fn client_by_name_key(
        &self,
        business: BusinessId,
        name_key: &str,
        except: i64,
    ) -> StoreResult<Option<Client>>;
    /// Saves new fields if `expected_version` is current; merges on a name clash (SPEC §6).
    async fn update_client(
        &self,
        business: BusinessId,
        id: i64,
        expected_version: i64,
        fields: &ClientFields,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<UpdateOutcome>;
    /// Deletes the client and all their appointments, in one transaction; active orders
    /// keep the profile (SPEC §7).
    async fn delete_client(
        &self,
        business: BusinessId,
        id: i64,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<DeleteOutcome>;
    async fn list_clients(
        &self,
        business: BusinessId,
        query: &ListQuery,
    ) -> StoreResult<ClientPage>;
    async fn bulk_delete_clients(
        &self,
        business: BusinessId,
        selection: &BulkSelection,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<BulkDeleteReport>;
    /// Bans (with an optional custom message) or unbans a client.
    async fn set_ban(
        &self,
        business: BusinessId,
        id: i64,
        ban: Option<Option<String>>,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<Client>;
    /// The ban on an email, if a banned client of the business has it: `Some(custom message)`.
    async fn ban_for_email(
        &self,
        business: BusinessId,
        email_lower: &str,
    ) -> StoreResult<Option<Option<String>>>;
    /// Merges client `dup` into `keep` (or only computes the result when `dry_run`).
    async fn merge_clients(
        &self,
        business: BusinessId,
        dup: i64,
        keep: i64,
        dry_run: bool,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<MergeResult>;
    /// What the duplicate finder compares: every client's names and contacts.
    async fn duplicate_candidates(
        &self,
        business: BusinessId,
    ) -> StoreResult<Vec<clientele_domain::DuplicateCandidate>>;
    async fn audit_log(&self, business: BusinessId, limit: u32) -> StoreResult<Vec<AuditEntry>>;

    // -- orders ----------------------------------------------------------
    async fn create_order(
        &self,
        business: BusinessId,
        new: &NewOrder,
        now: Millis,
    ) -> StoreResult<Order>;
    /// Orders of the business, or of one client; expired ones marked as such.
    async fn orders(
        &self,
        business: BusinessId,
        client: Option<i64>,
        now: Millis,
    ) -> StoreResult<Vec<Order>>;
    /// A client account's active codes: orders placed under the account, and orders of
    /// the clients it booked for. Not by email alone: sign-up proves no ownership of it.
    async fn active_orders_for_account(
        &self,
        business: BusinessId,
        account_id: i64,
        now: Millis,
    ) -> StoreResult<Vec<Order>>;
    async fn delete_order(
        &self,
        business: BusinessId,
        id: i64,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<OrderDeleted>;

    // -- public side -----------------------------------------------------
    /// Matches or creates the client and books, in one transaction (SPEC §8).
    async fn book_public(
        &self,
        business: BusinessId,
        booking: &PublicBooking,
        now: Millis,
    ) -> StoreResult<BookingOutcome>;
    /// The client an online order belongs to (matched as a booking is), created if none.
    async fn match_or_create_client(
        &self,
        business: BusinessId,
        fields: &ClientFields,
        now: Millis,
    ) -> StoreResult<(i64, bool)>;
    /// Creates an unverified account; `verification_hash` is the hash of the token
    /// emailed to it.
    async fn create_client_account(
        &self,
        business: BusinessId,
        account: &ClientAccount,
        verification_hash: &str,
        now: Millis,
    ) -> StoreResult<ClientAccount>;
    /// Verifies the account of a pending email token (once); `None` if unknown or used.
    async fn verify_client_account(
        &self,
        business: BusinessId,
        verification_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<ClientAccount>>;
    async fn client_account_by_email(
        &self,
        business: BusinessId,
        email_lower: &str,
    ) -> StoreResult<Option<ClientAccount>>;
    async fn create_client_session(
        &self,
        business: BusinessId,
        account_id: i64,
        token_hash: &str,
        now: Millis,
        expires_at: Millis,
    ) -> StoreResult<()>;
    async fn client_session_account(
        &self,
        business: BusinessId,
        token_hash: &str,
        now: Millis,
    ) -> StoreResult<Option<ClientAccount>>;
    async fn delete_client_session(
        &self,
        business: BusinessId,
        token_hash: &str,
    ) -> StoreResult<()>;
    /// Appointments booked under a client account, newest first.
    async fn account_appointments(
        &self,
        business: BusinessId,
        account_id: i64,
    ) -> StoreResult<Vec<Appointment>>;
    async fn appointment(&self, business: BusinessId, id: i64) -> StoreResult<Option<Appointment>>;
    async fn reschedule_appointment(
        &self,
        business: BusinessId,
        id: i64,
        start_at: Millis,
        end_at: Millis,
        now: Millis,
    ) -> StoreResult<Appointment>;

    // -- appointments ----------------------------------------------------
    async fn create_appointment_type(
        &self,
        business: BusinessId,
        new: &NewAppointmentType,
        now: Millis,
    ) -> StoreResult<AppointmentType>;
    async fn appointment_types(&self, business: BusinessId) -> StoreResult<Vec<AppointmentType>>;
    async fn appointment_type(
        &self,
        business: BusinessId,
        id: i64,
    ) -> StoreResult<Option<AppointmentType>>;
    async fn create_appointment(
        &self,
        business: BusinessId,
        new: &NewAppointment,
        now: Millis,
    ) -> StoreResult<Appointment>;
    async fn cancel_appointment(
        &self,
        business: BusinessId,
        id: i64,
        now: Millis,
    ) -> StoreResult<Appointment>;
    /// All appointments of a client, newest first.
    async fn client_appointments(
        &self,
        business: BusinessId,
        client_id: i64,
    ) -> StoreResult<Vec<Appointment>>;

    /// Streams the clients matching `query` (its cursor and limit ignored) in list order
    /// into `sink`, in batches of [`EXPORT_BATCH`](crate::EXPORT_BATCH) rows at most,
    /// from one consistent read; returns how many were sent. Stops early, without error,
    /// when the receiver goes away.
    async fn export_clients(
        &self,
        business: BusinessId,
        query: &ListQuery,
        sink: tokio::sync::mpsc::Sender<Vec<ExportRow>>,
    ) -> StoreResult<u64>;

    // -- imports -----------------------------------------------------------
    /// Opens an import: one transaction for the whole file, fed chunk by chunk.
    async fn begin_import(
        &self,
        business: BusinessId,
        meta: ImportMeta,
        now: Millis,
    ) -> StoreResult<Box<dyn ImportSession>>;
    async fn import_batches(&self, business: BusinessId) -> StoreResult<Vec<ImportBatch>>;
    /// One batch and the details its import recorded (None for a batch from before
    /// details were kept).
    async fn import_batch(
        &self,
        business: BusinessId,
        batch: i64,
    ) -> StoreResult<Option<(ImportBatch, Option<String>)>>;
    /// Undoes a batch while its clients are untouched since; otherwise says which block it.
    async fn undo_import(
        &self,
        business: BusinessId,
        batch: i64,
        actor: &Actor,
        now: Millis,
    ) -> StoreResult<UndoOutcome>;

    // -- bulk loading (seed, benchmarks) ---------------------------------
    /// Inserts clients and their appointments in one transaction; returns the client ids.
    async fn bulk_load(
        &self,
        business: BusinessId,
        appointment_type_id: i64,
        clients: &[BulkClient],
        appointments: &[BulkAppointment],
        now: Millis,
    ) -> StoreResult<Vec<i64>>;
    /// Refreshes planner statistics after a bulk load.
    async fn analyze(&self) -> StoreResult<()>;
}

/// The outbox and webhook registrations (part of every [`Store`]).
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues an email on its own (a resend, a test); confirmations of bookings are
    /// queued by the booking itself (`NewAppointment::confirmation`).
    async fn enqueue_email(
        &self,
        business: BusinessId,
        email: &NewEmail,
        now: Millis,
    ) -> StoreResult<OutboxItem>;
    /// Rows of one channel, newest first; `before` an id for the next page.
    async fn outbox(
        &self,
        business: BusinessId,
        channel: Channel,
        before: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<OutboxItem>>;
    async fn outbox_item(&self, business: BusinessId, id: i64) -> StoreResult<Option<OutboxItem>>;
    /// Queues a failed, unsent or suppressed row again (`Conflict` otherwise).
    async fn retry_outbox_item(&self, business: BusinessId, id: i64) -> StoreResult<OutboxItem>;
    /// Claims due rows of `channel` across businesses for `lease_ms` (wall clock).
    async fn claim_outbox(
        &self,
        channel: Channel,
        now: Millis,
        lease_ms: i64,
        token: &str,
        limit: u32,
    ) -> StoreResult<Vec<OutboxItem>>;
    /// Records the outcome of a claimed row; `false` when the lease was lost meanwhile.
    async fn complete_outbox_item(
        &self,
        item: &OutboxItem,
        token: &str,
        outcome: &DeliveryOutcome,
        now: Millis,
    ) -> StoreResult<bool>;

    async fn create_webhook(
        &self,
        business: BusinessId,
        url: &str,
        secret: &str,
        events: &[String],
        now: Millis,
    ) -> StoreResult<Webhook>;
    async fn webhooks(&self, business: BusinessId) -> StoreResult<Vec<Webhook>>;
    async fn webhook(&self, business: BusinessId, id: i64) -> StoreResult<Option<Webhook>>;
    async fn delete_webhook(&self, business: BusinessId, id: i64) -> StoreResult<()>;
    /// Deletes the rows of every business that were delivered (`sent`) or held back
    /// from a banned address (`suppressed`) before `before` (wall-clock ms); returns how
    /// many. Failed and unsent rows stay: they wait for someone to look at them.
    async fn purge_outbox(&self, before: Millis) -> StoreResult<u64>;
}
