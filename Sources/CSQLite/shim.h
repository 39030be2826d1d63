#ifndef ROILEDGER_CSQLITE_SHIM_H
#define ROILEDGER_CSQLITE_SHIM_H

#include <sqlite3.h>

// Swift cannot call C variadic functions, so the few sqlite3_db_config calls the ledger needs
// are wrapped here, one flag each.
static inline int roiledger_sqlite_set_defensive(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, on, (int *)0);
}

static inline int roiledger_sqlite_set_trusted_schema(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, on, (int *)0);
}

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift cannot import.
static inline sqlite3_destructor_type roiledger_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

#endif
