using System.Reflection;
using System.Runtime.CompilerServices;

namespace Baqylau.Tests.Codebase;

/// <summary>
/// Guards the shape a newcomer reads (docs/architecture.md): one home per feature, one meaning per type name,
/// files short enough to read at once. Each check names what strays, so a failure says where to look.
/// </summary>
public class CodebaseShapeTests
{
    private const int MaxLines = 600;

    private static readonly Assembly[] Shipped =
    [
        typeof(Baqylau.Statements.Statement).Assembly,
        typeof(Baqylau.Local.LocalPostgresServer).Assembly,
        typeof(Program).Assembly,
    ];

    /// <summary>Types a person wrote, as they named them (not compiler or source-generator output).</summary>
    private static IEnumerable<Type> WrittenTypes() =>
        Shipped.SelectMany(a => a.GetTypes())
            .Where(t => !t.IsNested && t.Namespace?.StartsWith("Baqylau", StringComparison.Ordinal) == true)
            .Where(t => !t.Name.Contains('<') && t.Name != "_Imports" && t.GetCustomAttribute<CompilerGeneratedAttribute>() is null);

    private static string SimpleName(Type type) => type.Name.Split('`')[0];

    [Fact]
    public void No_two_types_share_a_name()
    {
        // Migrations are generated and named after their change; a generic type deriving from the plain one of
        // the same name (ConflictException<T> : ConflictException, as Task<T> : Task) is one family, not two meanings.
        var clashes = WrittenTypes()
            .Where(t => t.Namespace != "Baqylau.Data.Migrations")
            .GroupBy(SimpleName)
            .Where(g => g.Count() > 1 && !IsGenericFamily([.. g]))
            .Select(g => string.Join(" / ", g.Select(t => t.FullName)))
            .ToList();

        Assert.True(clashes.Count == 0, "types sharing a name:\n" + string.Join("\n", clashes));
    }

    private static bool IsGenericFamily(Type[] types) =>
        types.Length == 2
        && types.SingleOrDefault(t => !t.IsGenericTypeDefinition) is { } plain
        && types.SingleOrDefault(t => t.IsGenericTypeDefinition) is { } generic
        && generic.IsSubclassOf(plain);

    [Fact]
    public void Statement_exceptions_live_in_statements()
    {
        var strays = WrittenTypes()
            .Where(t => typeof(Exception).IsAssignableFrom(t) && SimpleName(t).StartsWith("Statement", StringComparison.Ordinal))
            .Where(t => t.Namespace != "Baqylau.Statements")
            .Select(t => t.FullName)
            .ToList();

        Assert.True(strays.Count == 0, "statement exceptions outside Baqylau.Statements: " + string.Join(", ", strays));
    }

    [Fact]
    public void Every_feature_keeps_its_web_code_in_its_own_folder()
    {
        // A file named after a feature belongs under that feature's folder; resource marker classes
        // (Localization/*Strings.cs) are the one shared home, since the .resx files sit together for translators.
        var web = Path.Combine(RepoPaths.Root, "src", "Baqylau.Web");
        var features = new[] { "Statement", "Incident", "Campaign", "Organisation", "Account", "Mirror" };
        var strays = Sources(web)
            .Select(f => Path.GetRelativePath(web, f))
            .Where(rel => !rel.StartsWith("Localization" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(rel => features.Any(feature =>
                Path.GetFileName(rel).StartsWith(feature, StringComparison.Ordinal)
                && !rel.StartsWith(feature + "s" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !rel.StartsWith(feature + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .ToList();

        Assert.True(strays.Count == 0, "feature files outside their feature's folder: " + string.Join(", ", strays));
    }

    [Fact]
    public void No_source_file_is_over_600_lines()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var sep = Path.DirectorySeparatorChar;
        var files = Sources(src).ToList();
        Assert.NotEmpty(files);

        var longOnes = files
            .Where(f => !f.Contains($"{sep}Migrations{sep}", StringComparison.Ordinal)
                        && !f.Contains($"{sep}Baqylau.Local{sep}Demo{sep}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(RepoPaths.Root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{f.File} ({f.Lines} lines)")
            .ToList();

        Assert.True(longOnes.Count == 0, $"files over {MaxLines} lines: " + string.Join(", ", longOnes));
    }

    [Fact]
    public void The_circuit_long_context_gate_is_gone()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var users = Sources(src).Where(f => File.ReadAllText(f).Contains("DbContextGate", StringComparison.Ordinal)).ToList();
        Assert.True(users.Count == 0, "DbContextGate is still used in: " + string.Join(", ", users));
    }

    private static IEnumerable<string> Sources(string root)
    {
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal));
    }
}
