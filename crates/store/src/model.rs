//! Plain records read from and written to the store. Ids are i64 inside, strings outside.

use clientele_domain::{Email, ListFilter, Notes, PersonName, Phone, SearchQuery};
use serde::{Deserialize, Serialize};

pub type BusinessId = i64;
/// Milliseconds since the Unix epoch, UTC.
pub type Millis = i64;

#[derive(Debug, Clone, Serialize)]
pub struct Business {
    pub id: BusinessId,
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    pub locale: String,
    pub default_ban_message: Option<String>,
    pub created_at: Millis,
}

/// What the owner can change of their business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessSettings {
    pub name: String,
    pub time_zone: String,
    pub locale: String,
    /// The ban message used when staff give none; `None` for the language's default.
    pub default_ban_message: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewBusiness {
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    pub locale: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Staff,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "owner" => Some(Role::Owner),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct StaffUser {
    pub business_id: BusinessId,
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
}

/// Who is calling an admin route: a staff session or an API key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Staff { user_id: i64, role: Role },
    ApiKey { key_id: i64 },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Client {
    pub business_id: BusinessId,
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: String,
    pub has_account: bool,
    pub banned: bool,
    pub ban_message: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub last_appointment_at: Option<Millis>,
    pub version: i64,
    /// Set when staff deleted the client while active orders kept the profile.
    pub delete_requested_at: Option<Millis>,
    /// Active orders keeping a deleted profile (0 when not deleted).
    pub kept_by_orders: i64,
}

/// A client's editable fields, already parsed at the edge.
#[derive(Debug, Clone)]
pub struct ClientFields {
    pub name: PersonName,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub notes: Notes,
}

/// What became of an edited client.
#[derive(Debug, Clone)]
pub enum UpdateOutcome {
    Updated(Client),
    /// The new name equals another client's: both merged into that one (SPEC §6).
    Merged {
        into: Client,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteOutcome {
    Deleted,
    /// Appointments deleted, profile kept by these active order codes (SPEC §7).
    Kept {
        codes: Vec<String>,
    },
    NotFound,
}

#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub search: Option<SearchQuery>,
    pub filter: Option<ListFilter>,
    /// Precomputed start of the filter's period (see `ListFilter::since`).
    pub filter_since: Option<Millis>,
    pub now: Millis,
    pub after: Option<Cursor>,
    pub limit: u32,
}

/// Keyset position: the last row of the previous page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub sort_key: String,
    pub id: i64,
}

#[derive(Debug, Clone)]
pub struct ClientPage {
    pub clients: Vec<Client>,
    pub next: Option<Cursor>,
    pub total: i64,
}

/// Which clients a bulk delete applies to.
#[derive(Debug, Clone)]
pub enum BulkSelection {
    Ids(Vec<i64>),
    Matching {
        search: Option<SearchQuery>,
        filter: Option<ListFilter>,
        filter_since: Option<Millis>,
        now: Millis,
    },
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct BulkDeleteReport {
    pub deleted: u64,
    /// Clients whose profile active orders kept, with the codes.
    pub kept: Vec<(i64, Vec<String>)>,
}

/// Who made a change, as the audit log records it ("staff:12", "api_key:3", "public").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String);

#[derive(Debug, Clone, Serialize)]
pub struct Order {
    pub id: i64,
    pub client_id: i64,
    pub kind: String,
    pub code: String,
    pub remaining: Option<i64>,
    pub expires_at: Option<Millis>,
    /// `active`, `used` or `expired`.
    pub status: String,
    pub created_at: Millis,
}

#[derive(Debug, Clone)]
pub struct NewOrder {
    pub client_id: i64,
    pub kind: String,
    pub code: String,
    pub remaining: Option<i64>,
    pub expires_at: Option<Millis>,
    /// The client account it was placed under online, if any.
    pub account_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDeleted {
    /// The order's client had been deleted and this was its last active order.
    pub client_removed: bool,
}

#[derive(Debug, Clone)]
pub struct ClientAccount {
    pub id: i64,
    pub email: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    /// When the client opened the link emailed at sign-up; until then bookings and
    /// orders are not placed under the account (its email is unproven).
    pub email_verified_at: Option<Millis>,
}

/// A booking from the public page: the client is matched or created in the same
/// transaction as the appointment (SPEC §8).
#[derive(Debug, Clone)]
pub struct PublicBooking {
    pub fields: ClientFields,
    pub appointment: NewAppointment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingOutcome {
    pub appointment_id: i64,
    pub client_id: i64,
    pub created_client: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Millis,
    pub actor: String,
    pub action: String,
    pub subject_id: Option<i64>,
    pub details: serde_json::Value,
}

/// What an explicit merge would do (dry run) or did.
#[derive(Debug, Clone)]
pub struct MergeResult {
    pub kept: Client,
    pub appointments_moved: i64,
    pub orders_moved: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FormField {
    pub label: String,
    pub kind: String,
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FormAnswer {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppointmentType {
    pub id: i64,
    pub name: String,
    pub duration_minutes: i64,
    pub price_cents: Option<i64>,
    pub form: Vec<FormField>,
    pub created_at: Millis,
}

#[derive(Debug, Clone)]
pub struct NewAppointmentType {
    pub name: String,
    pub duration_minutes: i64,
    pub price_cents: Option<i64>,
    pub form: Vec<FormField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    Scheduled,
    Canceled,
}

impl AppointmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::Scheduled => "scheduled",
            AppointmentStatus::Canceled => "canceled",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Appointment {
    pub id: i64,
    pub client_id: i64,
    pub appointment_type_id: i64,
    pub start_at: Millis,
    pub end_at: Millis,
    pub status: AppointmentStatus,
    pub form: Vec<FormAnswer>,
    pub booked_with_account: bool,
    pub account_id: Option<i64>,
    pub created_at: Millis,
    pub canceled_at: Option<Millis>,
    /// When its confirmation email last went out (wall clock).
    #[serde(default)]
    pub confirmation_sent_at: Option<Millis>,
}

#[derive(Debug, Clone)]
pub struct NewAppointment {
    pub client_id: i64,
    pub appointment_type_id: i64,
    pub start_at: Millis,
    pub end_at: Millis,
    pub form: Vec<FormAnswer>,
    /// The client account it was booked under, if any.
    pub account_id: Option<i64>,
    /// The confirmation email, queued in the same transaction (its `appointment_id` is
    /// filled in by the store).
    pub confirmation: Option<crate::outbox_model::NewEmail>,
}

/// One synthetic or imported client for bulk loading (seed, benchmarks).
#[derive(Debug, Clone)]
pub struct BulkClient {
    pub fields: ClientFields,
    pub created_at: Millis,
}

/// One synthetic appointment for bulk loading; `client_index` points into the batch of clients.
#[derive(Debug, Clone)]
pub struct BulkAppointment {
    pub client_index: usize,
    pub start_at: Millis,
    pub end_at: Millis,
    pub canceled: bool,
}

/// What an import is, for its batch record.
#[derive(Debug, Clone)]
pub struct ImportMeta {
    pub actor: Actor,
    pub file_name: String,
    /// `csv` or `vcard`.
    pub kind: &'static str,
    /// A dry run goes through every step and rolls back: it reports exactly what a real
    /// run would do.
    pub dry_run: bool,
}

/// One parsed row of an import: the physical line and the client it describes. Empty
/// optional fields leave the existing values alone.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub line: u64,
    pub fields: ClientFields,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportRowResult {
    Created,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportBatch {
    pub id: i64,
    pub actor: String,
    pub file_name: String,
    pub kind: String,
    pub created_at: Millis,
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub rejected: i64,
    pub undone_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoOutcome {
    Undone {
        deleted: u64,
        reverted: u64,
    },
    /// Clients changed since the import: nothing was undone.
    Blocked {
        client_ids: Vec<i64>,
    },
    AlreadyUndone,
}

/// An API key as listed: never its secret (only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyInfo {
    pub id: i64,
    pub name: String,
    pub created_at: Millis,
}

/// Most rows an export hands over at once: one channel message per row cost more than
/// writing the row out.
pub const EXPORT_BATCH: usize = 500;

/// One line of a CSV export: what it writes of a client, and how many appointments
/// they have (only these columns are read: the export's speed is in reading less).
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub notes: String,
    pub has_account: bool,
    pub banned: bool,
    pub created_at: Millis,
    pub last_appointment_at: Option<Millis>,
    pub appointment_count: i64,
}
