import Glibc
import IonosACME

exit(0)
