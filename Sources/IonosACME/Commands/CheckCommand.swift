import FoundationEssentials

/// `check DOMAIN`: credentials, zone, CNAME delegation, nameservers and current challenge records.
/// It only reads; every step prints one line, and the exit code is that of the first problem.
struct CheckCommand {
    let records: RecordService
    let dns: DNSServices
    let settings: Settings
    let console: Console

    func run(domain: String) throws -> ExitCode {
        var firstProblem: ExitCode?
        func problem(_ what: String, _ error: any Error) {
            let (message, code) = ErrorReport.render(error)
            console.print("FAIL  \(what): \(message)")
            if firstProblem == nil { firstProblem = code }
        }
        let name = try ChallengeName(domain).recordName
        console.print("ok    challenge name: \(name)")

        var target = name
        if settings.followCNAME {
            do {
                target = try dns.discovery().followCNAME(name)
                console.print(target == name ? "ok    no CNAME at \(name)" : "ok    CNAME: \(name) -> \(target) (the record goes there)")
            } catch { problem("CNAME lookup", error) }
        } else {
            console.print("skip  CNAME following is off (IONOS_ACME_FOLLOW_CNAME=0)")
        }

        let zones: [Zone]
        do {
            zones = try records.listZones()
            console.print("ok    IONOS accepted the API key (\(settings.apiKeySource ?? "configured")); \(zones.count) zone(s) visible")
        } catch {
            problem("credentials", error)
            return firstProblem ?? .failure
        }
        var zone: Zone?
        do {
            zone = try records.zone(for: target)
            console.print("ok    zone: \(zone?.name ?? "") (id \(zone?.id ?? ""))")
        } catch { problem("zone", error) }

        checkNameservers(target: target, zone: zone, problem: problem)

        if let zone {
            do {
                let existing = try records.listRecords(zone: zone.name, type: "TXT", name: target)
                if existing.isEmpty {
                    console.print("ok    no TXT record at \(target) now")
                } else {
                    for r in existing {
                        let age = parseChangeDate(r.changeDate).map { Table.age(Date().timeIntervalSince($0)) } ?? "?"
                        console.print("note  TXT at \(target): \(r.unquotedContent) (changed \(age) ago, id \(r.id))")
                    }
                }
            } catch { problem("challenge records", error) }
        }
        return firstProblem ?? .success
    }

    private func checkNameservers(target: String, zone: Zone?, problem: (String, any Error) -> Void) {
        if let fixed = settings.nameservers {
            console.print("ok    nameservers from IONOS_ACME_NAMESERVERS: \(fixed.map(\.description).joined(separator: ", "))")
            return
        }
        do {
            let discovery = try dns.discovery()
            let apex = try discovery.zoneApex(of: target)
            let servers = try discovery.nameservers(ofZone: apex, port: settings.dnsPort)
            console.print("ok    DNS zone \(apex): \(servers.map(\.description).joined(separator: "; "))")
            if let zone, zone.name.lowercased() != apex {
                console.print("warn  DNS says the zone is \(apex), IONOS holds \(zone.name): is \(apex) delegated elsewhere?")
            }
            let ionos = servers.filter { $0.name.contains(".ui-dns.") }
            if ionos.count < servers.count {
                console.print("warn  not every nameserver of \(apex) is an IONOS one (nsNNNN.ui-dns.*); records may never appear there")
            }
        } catch { problem("nameservers", error) }
    }
}
