#ifndef ROILEDGER_CPOSTGRES_SHIM_H
#define ROILEDGER_CPOSTGRES_SHIM_H

// PostgreSQL's client library (Debian: libpq-dev), used as the SQLite library is: through the
// system's C headers, no Swift package.
#include <libpq-fe.h>

#endif
