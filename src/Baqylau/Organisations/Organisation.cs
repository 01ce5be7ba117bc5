using Baqylau.Common;

namespace Baqylau.Organisations;

/// <summary>An NGO or foundation that publishes statements and logs incidents.</summary>
public sealed class Organisation : IArchivable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>ASCII slug used in public URLs (/kk/organisations/{slug}).</summary>
    public required string Slug { get; set; }

    public LocalizedText Name { get; set; } = new();

    /// <summary>Short name for headers and bylines.</summary>
    public LocalizedText ShortName { get; set; } = new();

    public LocalizedText Description { get; set; } = new();

    public DateOnly? FoundedOn { get; set; }

    public string? WebsiteUrl { get; set; }

    /// <summary>Other public links (social accounts, reports), one per line.</summary>
    public List<string> Links { get; set; } = [];

    public string? LogoPath { get; set; }

    public bool IsArchived { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
