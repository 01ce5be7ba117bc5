namespace Baqylau.Local;

/// <summary>Where initdb and pg_ctl are on this machine.</summary>
internal static class PostgresBinaries
{
    /// <summary>Folder holding initdb and pg_ctl: PATH first, else the highest /usr/lib/postgresql/&lt;ver&gt;/bin.</summary>
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (HasTools(dir))
                return ResolveRealDirectory(dir);
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (!Directory.Exists(debianRoot))
            return null;

        return Directory.EnumerateDirectories(debianRoot)
            .Select(d => (Bin: Path.Combine(d, "bin"), Version: ParseVersion(Path.GetFileName(d))))
            .Where(c => HasTools(c.Bin))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Bin)
            .FirstOrDefault();
    }

    private static bool HasTools(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

    private static string ResolveRealDirectory(string dir)
    {
        // /usr/local/bin/initdb may be a symlink; report the versioned folder it points to.
        try
        {
            var target = File.ResolveLinkTarget(Path.Combine(dir, "initdb"), returnFinalTarget: true);
            var real = target is null ? null : Path.GetDirectoryName(target.FullName);
            return real is not null && HasTools(real) ? real : dir;
        }
        catch (IOException)
        {
            return dir;
        }
    }

    private static Version ParseVersion(string name) =>
        Version.TryParse(name.Contains('.') ? name : name + ".0", out var version) ? version : new Version(0, 0);
}
