using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Baqylau.Statements;

public enum DiffOp
{
    Same = 0,
    Removed = 1,
    Added = 2,
}

/// <summary>A piece of a changed line: a word (or the spaces between words) kept, removed or added.</summary>
public sealed record DiffWord(DiffOp Op, string Text);

/// <summary>A line of a diff; a changed line paired with its new version carries the words that changed.</summary>
public sealed record DiffLine(DiffOp Op, string Text, IReadOnlyList<DiffWord>? Words = null);

/// <summary>
/// Line diff with word-level pieces inside changed lines, from DiffPlex (Myers' algorithm): a removed line and the
/// added line that replaces it both say which words changed, so a one-word edit in a long paragraph is visible.
/// </summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compute(string? before, string? after)
    {
        // An empty side has no lines at all (not one empty line).
        if (string.IsNullOrEmpty(before) || string.IsNullOrEmpty(after))
        {
            return [.. Lines(before).Select(l => new DiffLine(DiffOp.Removed, l)), .. Lines(after).Select(l => new DiffLine(DiffOp.Added, l))];
        }

        // Whitespace counts: a Markdown indent or a doubled space is an edit the reader may see.
        var model = SideBySideDiffBuilder.Diff(Normalise(before), Normalise(after), ignoreWhiteSpace: false, ignoreCase: false);
        var result = new List<DiffLine>();
        for (var i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            var old = i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null;
            var @new = i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null;
            if (old?.Type == ChangeType.Unchanged)
            {
                result.Add(new DiffLine(DiffOp.Same, old.Text ?? string.Empty));
                continue;
            }

            if (old is { Type: ChangeType.Deleted or ChangeType.Modified })
                result.Add(new DiffLine(DiffOp.Removed, old.Text ?? string.Empty, Words(old, ChangeType.Deleted, DiffOp.Removed)));
            if (@new is { Type: ChangeType.Inserted or ChangeType.Modified })
                result.Add(new DiffLine(DiffOp.Added, @new.Text ?? string.Empty, Words(@new, ChangeType.Inserted, DiffOp.Added)));
        }

        return result;
    }

    /// <summary>Word pieces of a modified line (null for a line removed or added whole).</summary>
    private static List<DiffWord>? Words(DiffPiece line, ChangeType changed, DiffOp op)
    {
        if (line.Type != ChangeType.Modified || line.SubPieces.Count == 0)
            return null;
        var words = new List<DiffWord>();
        foreach (var piece in line.SubPieces)
        {
            if (piece.Type == ChangeType.Imaginary || string.IsNullOrEmpty(piece.Text))
                continue;
            var kind = piece.Type == changed || piece.Type == ChangeType.Modified ? op : DiffOp.Same;
            // Neighbours of one kind merge, so the page shows "whole phrase" marks rather than a mark per word.
            if (words.Count > 0 && words[^1].Op == kind)
                words[^1] = words[^1] with { Text = words[^1].Text + piece.Text };
            else
                words.Add(new DiffWord(kind, piece.Text));
        }

        return words;
    }

    private static string[] Lines(string? text) => string.IsNullOrEmpty(text) ? [] : Normalise(text).Split('\n');

    private static string Normalise(string? text) => (text ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal);
}
