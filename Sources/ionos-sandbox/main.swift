import Glibc
import IonosSandbox

let message = "ionos-sandbox: not built yet\n"
_ = message.withCString { write(2, $0, strlen($0)) }
exit(1)
