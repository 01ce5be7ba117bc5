using Baqylau.Common;

namespace Baqylau.Regions;

public enum RegionKind
{
    Oblast = 0,
    CityOfRepublicanSignificance = 1,
}

/// <summary>One of Kazakhstan's 17 oblasts or 3 cities of republican significance (fixed reference data).</summary>
public sealed class Region
{
    public int Id { get; set; }

    public required string Code { get; set; }

    public RegionKind Kind { get; set; }

    public LocalizedText Name { get; set; } = new();

    public int SortOrder { get; set; }
}
