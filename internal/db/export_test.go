package db

import "context"

// MigrateOldRelease applies Tend's migrations up to version upTo and none of River's, as a release
// before River left a database.
func (d *DB) MigrateOldRelease(ctx context.Context, upTo int) (int, error) {
	return d.migrate(ctx, false, upTo)
}

// MigrateTo applies River's migrations and Tend's up to version upTo, as a release that stopped there left
// the database.
func (d *DB) MigrateTo(ctx context.Context, upTo int) (int, error) {
	return d.migrate(ctx, true, upTo)
}
