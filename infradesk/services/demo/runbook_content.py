"""The demo's cutover runbook (issue 19): the Frankfurt -> Amsterdam production weekend step
by step, with one recorded rehearsal.

The window opens on the Friday evening before the plan's "Cutover Saturday" (bridge, DNS TTL
lowered at 18:00, change freeze, pre-checks), the outage starts at 00:00 and the plan's
cutover tasks (backups, shutdown, final storage sync, DNS and routing switch, start-up, smoke
tests, business validation) follow, as the Gantt has them, until the window closes on Saturday
22:00. Most data moves by array replication; the 40 TB archive NAS, not worth replicating,
travels by road. The go/no-go gate comes once the final sync is verified; its rollback path
restarts production in Frankfurt; the point of no return is the ERP database opened read-write
in Amsterdam.

The steps are data, one line each: (code, kind, stream, title, owner, backup owner, minutes,
predecessors as ``"1.04FS+60; 2.01SS"``), with their commands, fixed times, messages and
notes in tables beside them. The rehearsal's actuals come from explicit factors (no
randomness): most steps run 10-30% off their estimate, a few much later (the final storage sync
90 minutes over), one validation fails.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

TIME_ZONE = "Europe/Paris"
NAME = "Cutover weekend"

CC = "Command & Comms"
NW = "Network"
SB = "Storage & Backup"
CA = "Compute & Apps"
VB = "Validation & Business"
STREAMS = (CC, NW, SB, CA, VB)

# the demo pool's people and crews (services/demo/pool.py)
AM, PS, TB, JW = "Alex Morgan", "Priya Shah", "Tom Becker", "Jonas Weber"
LV, MR, NO, CW = "Lena Vogel", "Marco Rossi", "Nadia Okafor", "Chen Wei"
RK, LB, SM, EN = "Ravi Kumar", "Lukas Brandt", "Sofia Marin", "Eva Novak"
BO, SI, NC = "Business owners", "Stackline Integration", "NordLink Carrier"

T, G, V, C, R = "task", "gate", "validation", "communication", "rollback"
GATE = "3.01"
POINT_OF_NO_RETURN = "4.04"

Step = tuple[str, str, str, str, str, str, int, str]

# fmt: off
STEPS: list[Step] = [
    # 1. Friday evening: bridge, freeze, pre-checks (the window opens at 18:00)
    ("1.01", C, CC, "Open the cutover bridge; roll call of stream leads", AM, EN, 15, ""),
    ("1.02", C, CC, "Announce the maintenance window and change freeze", SM, AM, 15, "1.01"),
    ("1.03", T, CC, "Set the cutover change to Implementing; freeze others", SM, EN, 15, "1.02"),
    ("1.04", T, NW, "Lower the DNS TTL to 300 s on the corp.example zones", TB, JW, 20, ""),
    ("1.05", V, NW, "Resolvers serve the 300 s TTL", JW, TB, 10, "1.04FS+60"),
    ("1.06", T, NW, "Test the DC interconnect and WAN circuits FRA-AMS", JW, TB, 30, "1.01SS+15"),
    ("1.07", T, NW, "Stage the Amsterdam firewall rule set and NAT (disabled)", LV, TB, 45,
     "1.06"),
    ("1.08", T, NW, "Stage the Amsterdam load balancer virtual servers (disabled)", LV, JW, 30,
     "1.07"),
    ("1.09", T, SB, "Check replication health and lag on the three arrays", NO, RK, 20,
     "1.01SS+15"),
    ("1.10", T, SB, "Verify last night's backups and free capacity in Amsterdam", RK, NO, 30,
     "1.09"),
    ("1.11", T, CA, "Health-check the Amsterdam VMware cluster (hosts, HA, DRS)", MR, NO, 30,
     "1.01SS+15"),
    ("1.12", T, CA, "Stage the Amsterdam app servers: patched, services disabled", MR, NO, 45,
     "1.11"),
    ("1.13", T, CA, "Put the ERP batch schedule on hold after the Friday run", CW, PS, 30,
     "1.01SS+30"),
    ("1.14", T, VB, "Capture the pre-cutover baseline (ERP counts, sample reports)", PS, BO, 60,
     "1.13"),
    ("1.15", C, VB, "Brief the business validators on scripts and call-in time", PS, EN, 15,
     "1.14"),
    ("1.16", V, CC, "Readiness check: every stream reports green", AM, SM, 15,
     "1.03; 1.05; 1.08; 1.10; 1.12; 1.15"),
    ("1.17", C, CC, "Readiness status to the steering committee", AM, EN, 10, "1.16"),
    # 2. Saturday: outage, final backups, shutdown, final sync, the archive NAS on the road
    ("2.01", C, CC, "Announce the start of the outage", SM, AM, 10, "1.17"),
    ("2.02", T, CA, "Lock out ERP users and show the maintenance page", CW, PS, 10, "2.01SS"),
    ("2.03", T, CA, "Drain running ERP batch jobs and stop the interfaces", CW, PS, 45, "2.02"),
    ("2.04", T, CA, "Block client access to mail and let the queues drain", MR, RK, 15,
     "2.01SS+10"),
    ("2.05", T, SB, "Set the file shares read-only and close open sessions", NO, RK, 15,
     "2.01SS+10"),
    ("2.06", T, SB, "Final full backup of the ERP database", RK, CW, 240, "2.03FS+5"),
    ("2.07", T, SB, "Final backup of mailbox databases and file shares", RK, NO, 150,
     "2.04; 2.05"),
    ("2.08", V, SB, "Backups verified: every job ends 0, ERP backup restorable", RK, NO, 30,
     "2.06; 2.07"),
    ("2.09", T, CA, "Stop the ERP application and batch servers", MR, CW, 20, "2.08"),
    ("2.10", T, CA, "Shut down the ERP database cleanly", CW, MR, 20, "2.09"),
    ("2.11", T, CA, "Stop mail transport and dismount the mailbox databases", MR, RK, 30,
     "2.08"),
    ("2.12", T, CA, "Shut down the Frankfurt production VMs in reverse boot order", MR, NO, 45,
     "2.10; 2.11"),
    ("2.13", T, SB, "Final storage replication sync (all consistency groups)", NO, SI, 330,
     "2.12"),
    ("2.14", V, SB, "Replicas consistent: lag 0, checksums of 5 sample volumes", NO, RK, 30,
     "2.13"),
    ("2.15", T, SB, "Power down and de-rack the archive NAS (FRA rack B07)", LB, SI, 60,
     "2.05FS+15"),
    ("2.16", T, SB, "Transport the archive NAS to Amsterdam (sealed, escorted)", SI, LB, 330,
     "2.15"),
    ("2.17", C, CC, "Status update: systems down, final sync running", AM, SM, 10, "2.13SS+30"),
    ("2.18", T, NW, "Carrier enables Internet transit on the Amsterdam edge", NC, JW, 60, ""),
    ("2.19", V, NW, "Amsterdam edge: BGP sessions to the carrier established", JW, TB, 15,
     "2.18"),
    # 3. The go/no-go gate and the network switch
    (GATE, G, CC, "Go/No-Go: proceed with production switch", AM, SM, 15,
     "2.08; 2.14; 2.19; 1.08"),
    ("3.02", C, CC, "Announce the Go decision", SM, AM, 5, "3.01"),
    ("3.03", T, SB, "Stop replication and promote the Amsterdam volumes", NO, SI, 30, "3.01"),
    ("3.04", T, NW, "Enable the Amsterdam firewall rule set and NAT", LV, TB, 20, "3.01"),
    ("3.05", T, NW, "Move production VLANs 110-140 to the Amsterdam fabric", TB, JW, 45,
     "3.04SS+10"),
    ("3.06", T, NW, "Advertise production prefixes from Amsterdam, withdraw FRA", TB, JW, 20,
     "3.05"),
    ("3.07", T, NW, "Enable the Amsterdam load balancer virtual servers", LV, JW, 15, "3.06"),
    ("3.08", T, NW, "Switch the DNS records to the Amsterdam addresses", JW, TB, 15, "3.06"),
    ("3.09", V, NW, "DNS answers the Amsterdam addresses from every resolver", JW, TB, 15,
     "3.08FS+5"),
    ("3.10", V, NW, "Traceroute from three branch offices ends in Amsterdam", LV, TB, 20,
     "3.09; 3.07"),
    ("3.11", C, CC, "Status update: network switched, start-up begins", AM, SM, 5, "3.10"),
    # 4. Start-up in Amsterdam
    ("4.01", T, CA, "Register the promoted datastores on the Amsterdam cluster", MR, NO, 30,
     "3.03"),
    ("4.02", T, CA, "Power on the infrastructure VMs (AD, DNS, NTP)", MR, NO, 30, "4.01; 3.05"),
    ("4.03", V, CA, "Domain controllers replicate; time in sync", MR, LV, 15, "4.02"),
    (POINT_OF_NO_RETURN, T, CA, "Open the ERP database read-write in Amsterdam", CW, MR, 20,
     "4.03"),
    ("4.05", V, CA, "ERP database: last transaction matches the Frankfurt log", CW, PS, 20,
     "4.04"),
    ("4.06", T, CA, "Start the ERP application and batch servers", MR, CW, 30, "4.05; 3.07"),
    ("4.07", T, CA, "Mount the mailbox databases and start mail transport", MR, RK, 40, "4.03"),
    ("4.08", T, SB, "Bring the file servers online; DFS targets to Amsterdam", NO, RK, 30,
     "4.03"),
    ("4.09", T, SB, "Rack, cable and power up the archive NAS (AMS rack C12)", LB, SI, 90,
     "2.16"),
    ("4.10", V, SB, "Archive NAS online; sample file checksums match", NO, LB, 20, "4.09; 4.08"),
    ("4.11", T, SB, "Repoint the backup policies to the Amsterdam backup server", RK, NO, 45,
     "4.06; 4.07; 4.08"),
    ("4.12", T, CA, "Enable monitoring and alerting for Amsterdam production", MR, RK, 20,
     "4.06"),
    ("4.13", T, CA, "Restart the ERP interfaces (EDI, bank, payroll) in test mode", CW, PS, 30,
     "4.06"),
    # 5. Validation, opening to users, hand-over
    ("5.01", V, VB, "Smoke test ERP: login, menus, three read transactions", PS, CW, 30,
     "4.06; 3.09"),
    ("5.02", V, VB, "Smoke test email: mail in and out, webmail, mobile sync", PS, MR, 30,
     "4.07; 3.09"),
    ("5.03", V, VB, "Smoke test file shares: read and write from three sites", PS, NO, 20,
     "4.08; 3.09"),
    ("5.04", V, NW, "Security check: only the approved ports are open", LV, TB, 20, "5.01"),
    ("5.05", T, CA, "Open email to users (client access on)", MR, RK, 10, "5.02"),
    ("5.06", T, SB, "Set the file shares read-write for users", NO, RK, 10, "5.03"),
    ("5.07", C, VB, "Call the business validators onto the bridge", PS, EN, 10, "5.01"),
    ("5.08", V, VB, "Business validation: Finance (journal, trial balance)", BO, PS, 120,
     "5.07"),
    ("5.09", V, VB, "Business validation: sales order to invoice", BO, PS, 90, "5.07SS+15"),
    ("5.10", V, VB, "Business validation: HR and payroll (read-only)", BO, PS, 60, "5.07SS+15"),
    ("5.11", V, VB, "ERP transaction counts match the pre-cutover baseline", PS, CW, 30,
     "5.01; 4.13"),
    ("5.12", V, SB, "Backup test: back up and restore one file in Amsterdam", RK, NO, 30,
     "4.11"),
    ("5.13", V, VB, "Business sign-off for the production service", AM, BO, 15,
     "5.04; 5.08; 5.09; 5.10; 5.11"),
    ("5.14", T, CA, "Open the ERP to users and release the batch schedule", CW, PS, 15, "5.13"),
    ("5.15", C, CC, "Announce the end of the outage", SM, AM, 10, "5.14; 5.05; 5.06"),
    ("5.16", C, CC, "Hand over to the service desk for hypercare", AM, SM, 15, "5.15"),
    ("5.17", T, CC, "Record the change as implemented, attach the evidence", SM, EN, 15,
     "5.15; 5.12; 4.10; 4.12"),
    ("5.18", C, CC, "Final status to the steering committee; bridge closes", AM, SM, 10,
     "5.16; 5.17"),
    # 9. The gate's rollback path: production back on Frankfurt
    ("9.01", R, CC, "Announce No-Go: rollback to Frankfurt starts", AM, SM, 5, GATE),
    ("9.02", R, NW, "Remove the staged Amsterdam firewall and load balancer config", LV, TB, 20,
     "9.01"),
    ("9.03", R, SB, "Resume replication Frankfurt to Amsterdam (FRA stays primary)", NO, RK, 20,
     "9.01"),
    ("9.04", R, CA, "Power on the Frankfurt production VMs in boot order", MR, NO, 45, "9.03"),
    ("9.05", R, CA, "Start the ERP database, application and mail in Frankfurt", CW, MR, 40,
     "9.04"),
    ("9.06", R, NW, "Restore the DNS TTL to 3600 s (records unchanged)", JW, TB, 10, "9.01"),
    ("9.07", R, VB, "Smoke tests in Frankfurt: ERP, email, file shares", PS, CW, 45,
     "9.05; 9.02"),
    ("9.08", R, CC, "Announce the end of the outage (services on Frankfurt)", SM, AM, 10,
     "9.07; 9.06"),
]

# code -> (days after the window's first day, wall-clock time, zone)
FIXED: dict[str, tuple[int, str, str]] = {
    "1.01": (0, "18:00", "CET"),
    "1.04": (0, "18:00", "CET"),
    "2.01": (1, "00:00", "CET"),
    "2.18": (1, "10:00", "UTC"),  # the carrier's change slot, booked in UTC
}

COMMANDS: dict[str, str] = {
    "1.03": "itsm change set-state {cr} implementing && itsm freeze --until 'Mon 08:00'",
    "1.04": "nsupdate -k /etc/bind/cutover.key /cutover/dns/ttl-300.nsupdate",
    "1.05": "dig +noall +answer erp.corp.example @10.20.0.53  # TTL <= 300",
    "1.06": "iperf3 -c 10.40.0.10 -t 60 -P 4 && ping -c 100 -M do -s 1472 10.40.0.1",
    "1.07": "ansible-playbook -i inventories/ams fw-cutover.yml --tags stage",
    "1.08": "ansible-playbook -i inventories/ams lb-cutover.yml --tags stage",
    "1.09": "replctl status --group PROD-FRA-AMS --lag",
    "1.10": "bpdbjobs -summary && df -h /backup/ams",
    "1.11": "govc cluster.usage AMS-PROD && govc host.info -host '/AMS/host/AMS-PROD/*'",
    "1.12": "ansible-playbook -i inventories/ams app-stage.yml --check --diff",
    "1.13": "erpadm batch hold --all --after-current",
    "1.14": "erp-report baseline --out /cutover/baseline.csv",
    "2.02": "erpadm maintenance on --message cutover",
    "2.03": "erpadm batch wait --timeout 45m && erpadm interfaces stop --all",
    "2.04": "Set-ServerComponentState EXC01 -Component HubTransport -State Draining "
            "-Requester Maintenance",
    "2.05": "Get-SmbOpenFile | Close-SmbOpenFile -Force",
    "2.06": "bpbackup -i -p ERP_DB_FULL -s full -w",
    "2.07": "bpbackup -i -p MAIL_FS_INCR -s incr -w",
    "2.08": "bpdbjobs -report | awk '$4 != 0' && bprestore -preview -C erpdb01 /u02/erp",
    "2.09": "systemctl stop erp-app erp-batch && systemctl is-active erp-app || true",
    "2.10": "sqlplus -s / as sysdba <<< 'shutdown immediate'",
    "2.11": "Get-MailboxDatabase | Dismount-Database -Confirm:$false",
    "2.12": "govc vm.power -s -M $(cat /cutover/fra-shutdown-order.txt)",
    "2.13": "replctl sync --group PROD-FRA-AMS --wait --report /cutover/sync.log",
    "2.14": "replctl verify --group PROD-FRA-AMS --checksum --sample 5",
    "2.19": "show bgp ipv4 unicast summary | include 64512",
    "3.03": "replctl failover --group PROD-FRA-AMS --promote AMS --keep-source",
    "3.04": "ansible-playbook -i inventories/ams fw-cutover.yml --tags enable",
    "3.05": "ansible-playbook -i inventories/dc fabric-cutover.yml --tags move-vlans",
    "3.06": "vtysh -c 'show bgp ipv4 unicast 10.20.0.0/16'",
    "3.07": "ansible-playbook -i inventories/ams lb-cutover.yml --tags enable",
    "3.08": "nsupdate -k /etc/bind/cutover.key /cutover/dns/switch-ams.nsupdate",
    "3.09": "dig +short erp.corp.example @10.20.0.53  # expect 10.40.10.20",
    "3.10": "traceroute -n 10.40.10.20",
    "4.01": "esxcli storage vmfs snapshot resignature -l PROD-DS01",
    "4.02": "govc vm.power -on -M $(cat /cutover/boot-order-1.txt)",
    "4.03": "repadmin /replsummary && w32tm /monitor",
    "4.04": "srvctl start database -db erpprd && sqlplus -s / as sysdba @/cutover/open_mode.sql",
    "4.05": "sqlplus -s / as sysdba @/cutover/sql/last_txn.sql",
    "4.06": "systemctl start erp-app erp-batch && systemctl is-active erp-app",
    "4.07": "Get-MailboxDatabase | Mount-Database && Get-Queue",
    "4.08": "Get-DfsnFolderTarget -Path '\\\\corp.example\\shares\\finance'",
    "4.10": "sha256sum -c /cutover/archive-sample.sha256",
    "4.11": "bpplinfo ERP_DB_FULL -modify -residence ams-stu01",
    "4.13": "erpadm interfaces start --all --test-mode",
    "5.01": "curl -fsS https://erp.corp.example/health",
    "5.02": "swaks --to probe@partner.example --server smtp.corp.example",
    "5.03": "Test-Path '\\\\corp.example\\shares\\finance' && New-Item -Path $probe",
    "5.04": "nmap -Pn --top-ports 1000 erp.corp.example mail.corp.example",
    "5.05": "Get-CASMailbox -ResultSize Unlimited | Set-CASMailbox -OWAEnabled $true",
    "5.11": "erp-report compare --baseline /cutover/baseline.csv",
    "5.12": "bpbackup -p FS_TEST /shares/finance/probe.txt && bprestore /shares/finance/probe.txt",
    "5.14": "erpadm maintenance off && erpadm batch release --all",
    "5.17": "itsm change set-state {cr} implemented --attach /cutover/evidence.zip",
    "9.02": "ansible-playbook -i inventories/ams fw-cutover.yml lb-cutover.yml --tags remove",
    "9.03": "replctl resume --group PROD-FRA-AMS --direction FRA-AMS",
    "9.04": "govc vm.power -on -M $(cat /cutover/fra-boot-order.txt)",
    "9.05": "srvctl start database -db erpprd && systemctl start erp-app erp-batch",
    "9.06": "nsupdate -k /etc/bind/cutover.key /cutover/dns/ttl-3600.nsupdate",
}

# communication steps: code -> (audience, message)
MESSAGES: dict[str, tuple[str, str]] = {
    "1.01": ("Cutover team (all stream leads)",
             "Bridge open: confirm attendance, runbook version and the contact sheet."),
    "1.02": ("All staff, service desk, key users",
             "ERP, email and file shares are unavailable on Saturday from 00:00 to 22:00 CET; "
             "change freeze until Monday 08:00."),
    "1.15": ("Business validators (Finance, Sales operations, HR)",
             "Validation starts on Saturday about 17:00 CET; scripts are in Cutover/UAT; join "
             "the bridge when called."),
    "1.17": ("Steering committee", "All streams ready; the outage starts at 00:00 CET."),
    "2.01": ("All staff, service desk",
             "Production services are now down for the move to Amsterdam; next update at "
             "about 06:00."),
    "2.17": ("Steering committee, service desk",
             "Systems are down and backed up; the final storage sync is running."),
    "3.02": ("Bridge, steering committee",
             "GO for the production switch; rollback is no longer planned once the ERP "
             "database opens in Amsterdam (4.04)."),
    "3.11": ("Steering committee", "Network switched to Amsterdam; systems are starting."),
    "5.07": ("Business validators",
             "Systems are up in Amsterdam: run your validation scripts now and report on the "
             "bridge."),
    "5.15": ("All staff",
             "ERP, email and file shares run from Amsterdam; report any problem to the "
             "service desk (ext. 4400)."),
    "5.16": ("Service desk",
             "Known issues list, escalation matrix and the hypercare on-call rota until "
             "Monday 08:00."),
    "5.18": ("Steering committee", "Cutover complete; hypercare has started."),
    "9.01": ("Bridge, steering committee, service desk",
             "NO-GO: services return on Frankfurt; next update when the smoke tests pass."),
    "9.08": ("All staff",
             "Services are back on Frankfurt; the move to Amsterdam will be rescheduled."),
}

NOTES: dict[str, str] = {
    "1.04": "The old TTL is 3600 s: every cache holds the Amsterdam records within the hour "
            "after the switch.",
    "2.06": "The plan's 'Final backups of production databases'.",
    "2.13": "The plan's 'Final storage replication sync'. Rehearsal 1 ran 90 minutes over.",
    "2.15": "40 TB of archive, not worth replicating: it travels by road. On a no-go it is "
            "served from Amsterdam over the interconnect.",
    "2.16": "About 450 km; courier tracking and the seal numbers go on the transport sheet.",
    "3.03": "Frankfurt volumes are kept as they are: rollback is still possible until 4.04.",
    "3.08": "The plan's 'Switch DNS and routing to Amsterdam'.",
    POINT_OF_NO_RETURN: "Point of no return: from here Amsterdam holds data Frankfurt does not "
                        "have; a problem is fixed forward. Frankfurt volumes are kept 30 days.",
    "5.13": "Alex Morgan signs off with the business owners' results.",
}

GATE_CRITERIA = (
    "Final replication sync complete: lag 0, sample checksums match (2.14)",
    "Final backups verified and the ERP backup restorable (2.08)",
    "Amsterdam network ready: firewall and load balancers staged, carrier BGP up",
    "No open Sev-1 incident; the forecast end leaves 2 h of the window",
    "Frankfurt rollback team on site and ready",
)

# the services the outage is measured on: (name, RTO minutes, down step, up step)
SERVICES = (
    ("ERP", 1320, "2.02", "5.14"),
    ("Email", 1080, "2.04", "5.05"),
    ("File shares", 1080, "2.05", "5.06"),
)
OUTAGE_BUDGET = 1320  # Saturday 00:00-22:00

# the rehearsal: code -> (factor on the duration, extra minutes, comment); other steps take
# FACTORS[i % len(FACTORS)] of their estimate and start PICKUP[i % len(PICKUP)] minutes late
REHEARSAL: dict[str, tuple[float, int, str]] = {
    "2.06": (1.05, 0, ""),
    "2.13": (1.0, 90, "Sync ran 90 minutes over: the archive consistency group was re-seeded "
                      "after a link flap. Start the final sync earlier on the night."),
    "2.16": (0.9, 0, ""),
    "3.05": (1.0, 20, "VLAN 130 was missing on the trunk to leaf 4; added on the bridge."),
    "4.07": (1.0, 25, "Two mailbox databases needed a log replay (eseutil /r) before mounting."),
    "5.08": (1.1, 0, "Finance re-ran the trial balance after the batch release."),
}
FACTORS = (1.1, 0.9, 1.2, 0.8, 0.85, 1.3, 0.75, 1.0, 1.15, 0.8)
PICKUP = (0, 2, 0, 0, 1, 5, 0, 0)
FAILED = ("5.02", "Outbound mail to partner.example was rejected: the SPF record lacked the "
                  "Amsterdam relays. SPF updated; retest passed 20 minutes later.")
REHEARSAL_LESSONS = (
    "Rehearsal 1: start the final storage sync earlier or pre-seed the archive group; add "
    "the Amsterdam relays to SPF before the window; check every trunk's VLAN list in the "
    "pre-checks."
)
# fmt: on

_LINK = re.compile(r"^\s*([\w.]+?)(FS|SS|FF|SF)?([+-]\d+)?\s*$")


def links(text: str) -> list[tuple[str, str, int]]:
    """``"1.04FS+60; 2.01SS"`` as (code, type, lag minutes)."""
    found = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = _LINK.match(part)
        if match is None:
            raise ValueError(f"demo runbook: cannot read link '{part}'")
        code, kind, lag = match.groups()
        found.append((code, kind or "FS", int(lag) if lag else 0))
    return found


def shift(instant: datetime, minutes: float) -> datetime:
    """Elapsed minutes after an aware instant (exact across a daylight-saving change), in
    the instant's zone."""
    moved = instant.astimezone(UTC) + timedelta(minutes=minutes)
    return moved.astimezone(instant.tzinfo)


def fixed_wall(window_start: datetime, code: str) -> datetime | None:
    """A step's fixed wall-clock time (naive), counted from the window's first local day."""
    if code not in FIXED:
        return None
    days, clock, _zone = FIXED[code]
    hour, minute = (int(part) for part in clock.split(":"))
    day = window_start.astimezone(ZoneInfo(TIME_ZONE)).date() + timedelta(days=days)
    return datetime(day.year, day.month, day.day, hour, minute)


def fixed_minute(window_start: datetime, code: str) -> int | None:
    """Minutes from the window's start to the step's fixed time (None: not fixed)."""
    wall = fixed_wall(window_start, code)
    if wall is None:
        return None
    zone = ZoneInfo("UTC" if FIXED[code][2] == "UTC" else TIME_ZONE)  # CET: Europe/Paris
    at = wall.replace(tzinfo=zone)
    return round((at - window_start).total_seconds() / 60)


def demo_runbook_json(
    window_start: datetime,
    task_id: int | None,
    change_request: str = "",
    rehearsal_start: datetime | None = None,
    window_minutes: int = 28 * 60,
) -> dict[str, Any]:
    """The demo's runbook as a project's ``runbooks`` item of the JSON document.

    ``window_start``: the Friday 18:00 before the cutover Saturday (aware; shown in
    Europe/Paris); the window lasts ``window_minutes`` of elapsed time. ``rehearsal_start``:
    when the recorded rehearsal started (default: two weeks before the window)."""
    zone = ZoneInfo(TIME_ZONE)
    start = window_start.astimezone(zone)
    rehearsal = (rehearsal_start or shift(start, -14 * 24 * 60)).astimezone(zone)
    steps = [_step_json(row, start, change_request) for row in STEPS]
    return {
        "name": NAME,
        "task": task_id,
        "time_zone": TIME_ZONE,
        "window_start": start.isoformat(),
        "window_end": shift(start, window_minutes).isoformat(),
        "outage_budget_minutes": OUTAGE_BUDGET,
        "change_request": change_request,
        "notes": "The production weekend of the Frankfurt to Amsterdam move: Friday evening "
        "checks, outage Saturday 00:00-22:00, go/no-go once the final sync is verified.",
        "lessons": REHEARSAL_LESSONS,
        "services": [
            {"name": name, "rto_minutes": rto, "down_step": down, "up_step": up}
            for name, rto, down, up in SERVICES
        ],
        "steps": steps,
        "runs": [
            {
                "name": "Rehearsal 1",
                "mode": "rehearsal",
                "started": rehearsal.isoformat(),
                "steps": rehearsal_actuals(start, rehearsal),
            }
        ],
    }


def _step_json(row: Step, window_start: datetime, change_request: str) -> dict[str, Any]:
    code, kind, stream, title, owner, backup, minutes, after = row
    wall = fixed_wall(window_start, code)
    audience, message = MESSAGES.get(code, ("", ""))
    return {
        "code": code,
        "title": title,
        "kind": kind,
        "stream": stream,
        "owner": owner,
        "backup_owner": backup,
        "duration_minutes": minutes,
        "predecessors": [
            {"step": step, "type": kind_, "lag_minutes": lag} for step, kind_, lag in links(after)
        ],
        "fixed_time": wall.isoformat(timespec="minutes") if wall is not None else None,
        "fixed_time_zone": FIXED[code][2] if code in FIXED else "",
        "notes": NOTES.get(code, ""),
        "command": COMMANDS.get(code, "").replace("{cr}", change_request or "CHANGE"),
        "decision_maker": AM if kind == G else "",
        "criteria": list(GATE_CRITERIA) if kind == G else [],
        "audience": audience,
        "message": message,
        "rollback_of": GATE if kind == R else "",
        "point_of_no_return": code == POINT_OF_NO_RETURN,
    }


def rehearsal_minutes(window_start: datetime) -> dict[str, tuple[int, int]]:
    """The rehearsal's (start, finish) of every forward step in minutes from the run's start:
    each step starts when its links allow (actual times; a fixed time at its offset from the
    window's start), plus a pick-up delay, and takes its estimate times its factor."""
    times: dict[str, tuple[int, int]] = {}
    forward = [row for row in STEPS if row[1] != R]
    for index, (code, _kind, _stream, _title, _o, _b, minutes, after) in enumerate(forward):
        earliest = fixed_minute(window_start, code) or 0
        for pred, kind, lag in links(after):
            p_start, p_finish = times[pred]
            earliest = max(earliest, p_start + lag if kind == "SS" else p_finish + lag)
        factor, extra, _comment = REHEARSAL.get(code, (FACTORS[index % len(FACTORS)], 0, ""))
        begin = earliest + PICKUP[index % len(PICKUP)]
        times[code] = (begin, begin + round(minutes * factor) + extra)
    return times


def rehearsal_actuals(window_start: datetime, started: datetime) -> list[dict[str, Any]]:
    """The rehearsal's step records (JSON): every forward step done, the gate decided go by
    its decision maker, the validations passed but one."""
    records = []
    for code, (begin, end) in rehearsal_minutes(window_start).items():
        kind = next(row[1] for row in STEPS if row[0] == code)
        finish = shift(started, end)
        record: dict[str, Any] = {
            "step": code,
            "actual_start": shift(started, begin).isoformat(),
            "actual_finish": finish.isoformat(),
        }
        comment = REHEARSAL.get(code, (1.0, 0, ""))[2]
        if kind == G:
            record.update(decision="go", decided_by=AM, decided_at=finish.isoformat())
        elif kind == V:
            failed = code == FAILED[0]
            record["result"] = "fail" if failed else "pass"
            comment = FAILED[1] if failed else comment
        if comment:
            record["comment"] = comment
        records.append(record)
    return records
