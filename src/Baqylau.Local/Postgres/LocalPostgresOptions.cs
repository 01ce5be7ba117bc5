namespace Baqylau.Local;

/// <param name="DataDirectory">Cluster folder. Its parent also holds <c>&lt;name&gt;.password</c>.</param>
/// <param name="Port">TCP port on 127.0.0.1 used when this instance starts the server.</param>
/// <param name="DeleteOnStop">Throwaway cluster (tests): skip fsync and delete everything on stop.</param>
public sealed record LocalPostgresOptions(string DataDirectory, int Port, bool DeleteOnStop);

public sealed class PostgresBinariesNotFoundException : Exception
{
    private const string DefaultMessage =
        "no PostgreSQL binaries (initdb, pg_ctl) found on PATH or under /usr/lib/postgresql/*/bin; " +
        "on Debian install them with `sudo apt-get install postgresql`, " +
        "or set ConnectionStrings__Baqylau to an existing server.";

    public PostgresBinariesNotFoundException() : base(DefaultMessage)
    {
    }

    public PostgresBinariesNotFoundException(string message) : base(message)
    {
    }

    public PostgresBinariesNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
