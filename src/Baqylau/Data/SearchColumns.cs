using Baqylau.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NpgsqlTypes;

namespace Baqylau.Data;

/// <summary>
/// Generated full-text columns on translation rows. PostgreSQL has no Kazakh configuration and
/// 'russian' mangles Kazakh, so Russian rows use 'russian' and Kazakh rows 'simple' (queried by prefix);
/// a folded copy (қ→к, ә→а …) with a trigram index catches Kazakh typed on a Russian keyboard.
/// </summary>
internal static class SearchColumns
{
    public const string Vector = "SearchVector";
    public const string Folded = "SearchFolded";

    public static void Add<T>(EntityTypeBuilder<T> b, string titleColumn, string bodyColumn)
        where T : class
    {
        var config = "CASE \"Culture\" WHEN 'ru' THEN 'russian'::regconfig ELSE 'simple'::regconfig END";
        b.Property<NpgsqlTsVector>(Vector)
            .HasComputedColumnSql(
                $"setweight(to_tsvector({config}, coalesce(\"{titleColumn}\", '')), 'A') || " +
                $"setweight(to_tsvector({config}, coalesce(\"{bodyColumn}\", '')), 'B')",
                stored: true);
        b.Property<string>(Folded)
            .HasComputedColumnSql(
                KazakhFold.SqlExpression($"coalesce(\"{titleColumn}\", '') || ' ' || coalesce(\"{bodyColumn}\", '')"),
                stored: true);
        b.HasIndex(Vector).HasMethod("GIN");
        b.HasIndex(Folded).HasMethod("GIN").HasOperators("gin_trgm_ops");
    }
}
