"""Regenerate the sample files in this folder (deterministic; run from the repo root).

    python sample_files/make_samples.py

The files are small and committed so users can open them; this script documents
exactly what each one holds and rebuilds them if the story changes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = [
    "Priya",
    "Rahul",
    "Anita",
    "Vikram",
    "Sneha",
    "Arjun",
    "Kavya",
    "Rohan",
    "Meera",
    "Aditya",
    "Pooja",
    "Karan",
    "Divya",
    "Siddharth",
    "Neha",
    "Amit",
    "Ishita",
    "Manish",
]
LAST = ["Sharma", "Mehra", "Iyer", "Reddy", "Patel", "Nair", "Gupta", "Singh", "Das", "Rao"]
CITIES = ["Mumbai", "Delhi", "Bengaluru", "Hyderabad", "Chennai", "Pune", "Kolkata", "Jaipur"]
PRODUCTS = ["home_loan", "car_loan", "personal_loan", "credit_card"]


def clean_rows(rng: random.Random, n: int) -> list[dict[str, str]]:
    rows = []
    used: set[str] = set()
    while len(rows) < n:
        number = f"+91{rng.choice('6789')}{rng.randrange(10**8, 10**9)}"
        if number in used:
            continue
        used.add(number)
        rows.append(
            {
                "phone_number": number,
                "customer_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "city": rng.choice(CITIES),
                "product": rng.choice(PRODUCTS),
                "loan_amount": str(rng.randrange(50, 2500) * 1000),
            }
        )
    return rows


def write_clean(rng: random.Random) -> list[dict[str, str]]:
    rows = clean_rows(rng, 40)
    with (HERE / "leads_clean.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return rows


def write_messy(rng: random.Random) -> str:
    """A CRM export as it really arrives: BOM, odd headers, every phone format. Returns a
    number of it that the do-not-call list holds (written another way)."""
    header = [" Customer Name ", "Phone Number", "City", "Loan Amount", "Product", "Notes"]
    base = clean_rows(rng, 70)
    out: list[list[str]] = []
    for i, r in enumerate(base):
        digits = r["phone_number"][3:]
        style = i % 7
        phone = [
            digits,  # bare 10 digits
            f"+91 {digits[:5]} {digits[5:]}",  # spaced international
            f"0{digits}",  # trunk prefix
            f"91{digits}",  # country code, no plus
            f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",  # bracketed and dashed
            f"+91-{digits}",  # dashed
            digits,
        ][style]
        out.append([r["customer_name"], phone, r["city"], r["loan_amount"], r["product"], ""])
    # The awkward ones, each a case the report must name.
    out[3][1] = ""  # missing phone
    out[8][1] = "98765"  # too short
    out[12][1] = "9.87654E+09"  # Excel scientific notation
    out[15][1] = "+1 415 555 2671"  # US number
    out[19][1] = "+44 20 7183 8750"  # UK landline
    out[22][1] = "+91 22 4937 1250"  # Mumbai landline: not a mobile prefix
    out[26][1] = "N/A"  # placeholder text
    out[30][1] = out[2][1].replace(" ", "")  # same number as an earlier row
    out[33][1] = "+91 " + base[5]["phone_number"][3:]  # same number, other format
    out[36][0] = ""  # blank name: prompt variable
    out[40][5] = "Called twice,\nasked for a callback\non Monday"  # multi-line cell
    out[44][1] = "+971 50 682 4417"  # UAE mobile
    out[47][5] = '=HYPERLINK("http://example.invalid")'  # formula-looking cell
    out[50][1] = out[1][1]  # repeat again
    out[52][1] = "98 2241 7735 ext. 12"  # extension
    out[57][1] = "98765 43210"  # a placeholder a form filled in
    out.insert(20, ["", "", "", "", "", ""])  # a blank row mid-file
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(out)
    (HERE / "leads_messy.csv").write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return base[61]["phone_number"]


def write_excel(rows: list[dict[str, str]]) -> None:
    import openpyxl
    import xlwt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Leads"
    ws.append(["Mobile No", "Customer Name", "City", "Loan Amount", "Follow-up Date"])
    start = dt.date(2026, 12, 1)
    for i, r in enumerate(rows[:20]):
        ws.append(
            [
                int(r["phone_number"][3:]),
                r["customer_name"],
                r["city"],
                int(r["loan_amount"]),
                start + dt.timedelta(days=i),
            ]
        )
    ws.append([9.87654321098765e17, "Rounded Number", "Pune", 100000, start])
    wb.create_sheet("Notes").append(["This sheet is not leads."])
    wb.save(HERE / "leads.xlsx")

    book = xlwt.Workbook()
    sheet = book.add_sheet("Leads")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, h in enumerate(["phone_number", "customer_name", "city", "loan_amount", "since"]):
        sheet.write(0, c, h)
    for i, r in enumerate(rows[20:35], start=1):
        sheet.write(i, 0, float(r["phone_number"][3:]))
        sheet.write(i, 1, r["customer_name"])
        sheet.write(i, 2, r["city"])
        sheet.write(i, 3, float(r["loan_amount"]))
        sheet.write(i, 4, dt.datetime(2025, 1, i), date_style)
    sheet.write(16, 0, "12345")
    sheet.write(16, 1, "Too Short")
    book.save(str(HERE / "leads.xls"))


def write_config(suppressed: str) -> None:
    config = {
        "sip": False,
        "network_groups": [
            {
                "country": "IN",
                "name": "India Mobile",
                "prefixes": ["+916", "+917", "+918", "+919"],
                "enabled": True,
            },
            {"country": "AE", "name": "UAE Mobile", "prefixes": ["+9715"], "enabled": True},
            {"country": "US", "name": "US", "prefixes": ["+1"], "enabled": False},
        ],
    }
    (HERE / "telephony-config.json").write_text(json.dumps(config, indent=2) + "\n")
    (HERE / "agent-prompt.txt").write_text(
        "You are Asha, a friendly loan advisor calling from DialNexa Finance.\n"
        "Greet {{customer_name}} by name. They asked about a {{product}} of about\n"
        "₹{{loan_amount}} and live in {{city}}. Offer a branch visit in {{city}}.\n"
        "Speak in {{preferred_language}} if they prefer it.\n",
        encoding="utf-8",
    )
    digits = suppressed.removeprefix("+91")
    (HERE / "do-not-call.txt").write_text(f"0{digits[:5]} {digits[5:]}\n9123456789\n")


US_AREAS = ["212", "415", "617", "312", "646", "702", "713", "801", "206", "303", "512", "404"]
CRM_COLUMNS = [
    "Lead ID", "First Name", "Last Name", "Mobile", "Work Phone", "Email", "Company",
    "Title", "Street", "City", "State", "Zip", "Country", "Lead Source", "Lead Status",
    "Lead Owner", "Created Time", "Modified Time", "Score", "Budget", "Timeline", "Notes",
    "Industry", "Employees", "Annual Revenue", "Website", "LinkedIn", "Twitter", "Tags",
    "Campaign",
]  # fmt: skip


def write_crm_export(rng: random.Random) -> None:
    """A CRM pipeline report of US leads, the way exports come: a title line above the
    header, 30 columns, the phones in 'Mobile' (and 'Work Phone'), US national format."""
    with (HERE / "crm_export_us.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Pipeline report - US region - generated 2026-11-24"])
        w.writerow([])
        w.writerow(CRM_COLUMNS)
        for i in range(60):
            area = rng.choice(US_AREAS)
            mobile = f"({area}) {rng.randrange(200, 999)}-{rng.randrange(10_000):04d}"
            work = f"{rng.choice(US_AREAS)}.{rng.randrange(200, 999)}.{rng.randrange(10_000):04d}"
            first = rng.choice(["Jordan", "Avery", "Riley", "Casey", "Morgan", "Quinn", "Drew"])
            row = {
                "Lead ID": f"zcrm_{5_100_000 + i * 37}",
                "First Name": first,
                "Last Name": rng.choice(["Lopez", "Kim", "Baker", "Nguyen", "Patel", "Shaw"]),
                "Mobile": "" if i % 13 == 7 else mobile,
                "Work Phone": work if i % 3 else "",
                "Email": f"{first.lower()}.{i}@example.com",
                "Company": rng.choice(["Northwind", "Contoso", "Fabrikam", "Tailspin"]),
                "Title": rng.choice(["VP Sales", "Ops Manager", "Buyer", "Founder"]),
                "City": rng.choice(["Austin", "Denver", "Seattle", "Boston", "Atlanta"]),
                "Country": "United States",
                "Lead Source": rng.choice(["Web", "Trade show", "Referral"]),
                "Lead Status": rng.choice(["New", "Contacted", "Qualified"]),
                "Lead Owner": "Sam Carter",
                "Created Time": f"2026-11-{1 + i % 23:02d} 09:{i % 60:02d}",
                "Score": str(rng.randrange(100)),
            }
            w.writerow([row.get(name, "") for name in CRM_COLUMNS])


def main() -> None:
    rng = random.Random(20261123)  # noqa: S311 - reproducible sample data
    rows = write_clean(rng)
    suppressed = write_messy(rng)
    write_excel(rows)
    write_config(suppressed)
    write_crm_export(random.Random(20261124))  # noqa: S311 - its own: the others stay as they are


if __name__ == "__main__":
    main()
