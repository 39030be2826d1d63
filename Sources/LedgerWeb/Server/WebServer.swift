import Foundation
public import Hummingbird
import HTTPTypes
import LedgerApp
import Logging
import NIOCore

/// `roiledger serve` on Hummingbird: every request goes to the `Dashboard`, which routes it;
/// Hummingbird carries the bytes, limits the body and stops cleanly on SIGINT and SIGTERM.
public enum WebServer {
    /// The Hummingbird router answering every path through `dashboard` (what the in-process tests drive).
    public static func router(_ dashboard: Dashboard) -> Router<BasicRequestContext> {
        let router = Router()
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var body: [UInt8] = []
            if request.method == .post {
                let buffer = try await request.body.collect(upTo: dashboard.bodyLimit + 1)
                body = Array(buffer.readableBytesView)
            }
            let web = WebRequest(method: request.method.rawValue, path: request.uri.path, query: WebRequest.parseQuery(request.uri.query),
                                 authorization: request.headers[.authorization], ifNoneMatch: request.headers[.ifNoneMatch], body: body)
            let answer = await dashboard.respond(web)
            var headers = HTTPFields()
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
            }
            return Response(status: .init(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .patch] {
            router.on("/", method: method, use: handler)
            router.on("**", method: method, use: handler)
        }
        return router
    }

    /// Serves until SIGINT or SIGTERM; `onListening` gets the URL (with the port the system
    /// chose when `port` is 0) once the socket is bound.
    public static func run(dashboard: Dashboard, host: String, port: Int, onListening: @escaping @Sendable (String) -> Void) async throws {
        var logger = Logger(label: "roiledger.serve")
        logger.logLevel = .warning
        let app = Application(router: router(dashboard), configuration: .init(address: .hostname(host, port: port), serverName: "roiledger"),
                              onServerRunning: { channel in
                                  let bound = channel.localAddress?.port ?? port
                                  let shown = host.contains(":") ? "[\(host)]" : host
                                  onListening("http://\(shown):\(bound)/")
                              }, logger: logger)
        try await app.runService()
    }
}
