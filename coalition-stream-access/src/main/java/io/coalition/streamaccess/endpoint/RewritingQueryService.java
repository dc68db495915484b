package io.coalition.streamaccess.endpoint;

import io.coalition.streamaccess.StreamAccessException;
import org.apache.jena.atlas.lib.Pair;
import org.apache.jena.fuseki.servlets.HttpAction;
import org.apache.jena.fuseki.servlets.SPARQL_QueryDataset;
import org.apache.jena.fuseki.servlets.ServletOps;
import org.apache.jena.query.Query;
import org.apache.jena.riot.web.HttpNames;
import org.apache.jena.sparql.core.DatasetGraph;

/**
 * Fuseki's SPARQL query operation for one requester in {@link StreamDemultiplexer.Mode#REWRITING}: the query is
 * rewritten with the requester's filter ({@link QueryRewriter}) and runs on the shared graph. A protocol dataset
 * (default-graph-uri, named-graph-uri) is refused: it would name the filter's own graphs.
 */
final class RewritingQueryService extends SPARQL_QueryDataset {
    private final StreamDemultiplexer.View view;

    RewritingQueryService(StreamDemultiplexer.View view) {
        this.view = view;
    }

    @Override
    protected Pair<DatasetGraph, Query> decideDataset(HttpAction action, Query query, String queryStringLog) {
        if (action.getRequestParameter(HttpNames.paramDefaultGraphURI) != null
                || action.getRequestParameter(HttpNames.paramNamedGraphURI) != null) {
            ServletOps.errorBadRequest("query not allowed on a filtered endpoint: default-graph-uri / named-graph-uri"
                    + " (the endpoint's log is its only graph)");
        }
        try {
            return Pair.create(view.dataset, view.rewriter.rewrite(query));
        } catch (StreamAccessException e) {
            ServletOps.errorBadRequest(e.getMessage());
            return null;
        }
    }
}
