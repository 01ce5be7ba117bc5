namespace Baqylau.Statements;

public enum DiffOp
{
    Same = 0,
    Removed = 1,
    Added = 2,
}

public sealed record DiffLine(DiffOp Op, string Text);

/// <summary>
/// Line diff by longest common subsequence. Small on purpose: statement bodies are a few hundred lines at most,
/// and DiffPlex (in the package list) would be a dependency for thirty lines of code.
/// </summary>
public static class LineDiff
{
    /// <summary>Beyond this many differing lines on both sides (after the common ends are cut), report a whole replacement.</summary>
    private const long MaxCells = 4_000_000;

    public static IReadOnlyList<DiffLine> Compute(string? before, string? after)
    {
        var a = Split(before);
        var b = Split(after);
        var result = new List<DiffLine>();

        // Common head and tail cost nothing and usually cover most of an edited article.
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
            head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
            tail++;

        for (var i = 0; i < head; i++)
            result.Add(new DiffLine(DiffOp.Same, a[i]));

        var midA = a[head..(a.Length - tail)];
        var midB = b[head..(b.Length - tail)];
        if ((long)midA.Length * midB.Length > MaxCells)
        {
            result.AddRange(midA.Select(l => new DiffLine(DiffOp.Removed, l)));
            result.AddRange(midB.Select(l => new DiffLine(DiffOp.Added, l)));
        }
        else
        {
            result.AddRange(Lcs(midA, midB));
        }

        for (var i = a.Length - tail; i < a.Length; i++)
            result.Add(new DiffLine(DiffOp.Same, a[i]));
        return result;
    }

    private static List<DiffLine> Lcs(string[] a, string[] b)
    {
        // lengths[i, j] = LCS length of a[i..] and b[j..]
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
        }

        var lines = new List<DiffLine>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                lines.Add(new DiffLine(DiffOp.Same, a[x]));
                x++;
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                lines.Add(new DiffLine(DiffOp.Removed, a[x++]));
            }
            else
            {
                lines.Add(new DiffLine(DiffOp.Added, b[y++]));
            }
        }

        while (x < a.Length)
            lines.Add(new DiffLine(DiffOp.Removed, a[x++]));
        while (y < b.Length)
            lines.Add(new DiffLine(DiffOp.Added, b[y++]));
        return lines;
    }

    private static string[] Split(string? text) =>
        string.IsNullOrEmpty(text) ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
