using Baqylau.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Baqylau.Statements;

/// <summary>
/// A slug a published statement answered to before its headline (and so its slug) changed. Readers and
/// search engines hold links to it, so the old URL must keep working: it answers 301 to the current slug.
/// </summary>
public sealed class StatementSlugHistory
{
    /// <summary>"kk" or "ru": slugs are unique per language, so the same text may be taken in the other one.</summary>
    public required string Culture { get; set; }

    public required string Slug { get; set; }

    public Guid StatementId { get; set; }

    /// <summary>When the statement stopped answering to this slug.</summary>
    public DateTimeOffset ChangedAt { get; set; }
}

internal sealed class StatementSlugHistoryConfiguration : IEntityTypeConfiguration<StatementSlugHistory>
{
    public void Configure(EntityTypeBuilder<StatementSlugHistory> b)
    {
        // One owner per old URL: the key is the unique (Culture, Slug) pair itself.
        b.HasKey(h => new { h.Culture, h.Slug });
        b.Property(h => h.Culture).HasMaxLength(8);
        b.Property(h => h.Slug).HasMaxLength(120);
        b.HasIndex(h => h.StatementId);
        // Old URLs are looked up by slug alone, in either language.
        b.HasIndex(h => h.Slug);
        b.HasOne<Statement>().WithMany().HasForeignKey(h => h.StatementId).OnDelete(DeleteBehavior.Cascade);
    }
}
