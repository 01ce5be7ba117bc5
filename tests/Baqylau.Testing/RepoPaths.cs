namespace Baqylau.Testing;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baqylau.slnx")))
                return dir.FullName;
        }

        throw new InvalidOperationException("Repository root (Baqylau.slnx) not found above " + AppContext.BaseDirectory);
    }
}
