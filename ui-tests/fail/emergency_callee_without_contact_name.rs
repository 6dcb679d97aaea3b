// The emergency-contact relay scenario also needs emergency_contact_name.
use itnio_voice::*;

fn main() {
    let _ = EmergencyContactCallInformation::builder()
        .name("A")
        .borrow_total_money("5000")
        .due_date("2026-02-02")
        .build();
}
