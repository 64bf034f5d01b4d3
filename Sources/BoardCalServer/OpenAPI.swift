import Hummingbird

/// The OpenAPI 3.1 document of the JSON API, served at `GET /api/openapi.yaml`: every route under
/// `/api` and `/healthz`, their parameters, their answers and their errors, with JSON Schemas
/// that name every key (`additionalProperties: false`), so that `Tests/openapi_check.py` fails
/// when an answer drifts from it. Kept here, in the binary, so that it serves from anywhere.
enum OpenAPIDocument {
  static func response() -> Response {
    Response(
      status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
      body: ResponseBody(byteBuffer: ByteBuffer(string: yaml)))
  }

  static let yaml = #"""
    openapi: 3.1.0
    info:
      title: boardcal
      version: "1"
      summary: Meetings, duties, alerts and planning conflicts of partnership boards.
      description: >-
        The views of `boardcal schedule`, `upcoming`, `alerts` and `conflicts --json` and the forward plan, from the
        same pipeline, with the records database applied. Without a token an answer holds what
        the public feed holds: public boards only, no paper deadlines, presenters, internal dates,
        confidential items, or who is told of an alert. With the token (`?token=`) an officer
        sees everything, as the command line does. Optional keys are absent, never null.
    servers:
      - url: /
    security:
      - {}
      - token: []
    tags:
      - name: views
        description: A partnership's schedule, a board's outlook, alerts and conflicts.
      - name: service
        description: The server itself.
    paths:
      /api/{partnership}/schedule:
        get:
          tags: [views]
          operationId: schedule
          summary: Meetings and obligations over a span, as `boardcal schedule --json`.
          parameters:
            - $ref: "#/components/parameters/partnership"
            - name: from
              in: query
              description: First day; default the protocol's start.
              schema: {$ref: "#/components/schemas/Date"}
            - name: to
              in: query
              description: >-
                Last day; default the end of the financial year after today. At most 20 years
                after from.
              schema: {$ref: "#/components/schemas/Date"}
            - name: board
              in: query
              description: Only this board's meetings and the obligations it owes or receives.
              schema: {type: string}
            - $ref: "#/components/parameters/token"
          responses:
            "200":
              description: The schedule.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Schedule"}
            "400": {$ref: "#/components/responses/BadParameter"}
            "404": {$ref: "#/components/responses/NotFound"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /api/{partnership}/upcoming:
        get:
          tags: [views]
          operationId: upcoming
          summary: A board's coming meetings and what it owes, as `boardcal upcoming --json`.
          parameters:
            - $ref: "#/components/parameters/partnership"
            - name: board
              in: query
              required: true
              description: The board.
              schema: {type: string}
            - $ref: "#/components/parameters/asOf"
            - name: days
              in: query
              description: How many days ahead to look, 1 to 1830; default 120.
              schema: {type: integer, minimum: 1, maximum: 1830}
            - $ref: "#/components/parameters/token"
          responses:
            "200":
              description: The board's outlook.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Upcoming"}
            "400": {$ref: "#/components/responses/BadParameter"}
            "404": {$ref: "#/components/responses/NotFound"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /api/{partnership}/forward-plan:
        get:
          tags: [views]
          operationId: forwardPlan
          summary: >-
            The financial year's meetings across the partnership's boards with the reports each
            will take: the forward plan of /P/forward-plan, its CSV and its calendar.
          description: >-
            Without a token, only what the public feed holds: public boards' meetings and the
            items going to them, without paper deadlines, presenters or confidential items.
          parameters:
            - $ref: "#/components/parameters/partnership"
            - name: year
              in: query
              description: >-
                The first calendar year of the financial year (2021 for 2021-22); default the
                one containing today.
              schema: {type: string, pattern: "^[0-9]{4}$"}
            - $ref: "#/components/parameters/token"
          responses:
            "200":
              description: The forward plan.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/ForwardPlan"}
            "400": {$ref: "#/components/responses/BadParameter"}
            "404": {$ref: "#/components/responses/NotFound"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /api/{partnership}/alerts:
        get:
          tags: [views]
          operationId: alerts
          summary: What needs someone's action as of a day, as `boardcal alerts --json`.
          description: >-
            Without a token, only alerts about obligations the public may see, none resting on
            a paper deadline, and without recipients, unaddressed roles or deliveries.
          parameters:
            - $ref: "#/components/parameters/partnership"
            - $ref: "#/components/parameters/asOf"
            - $ref: "#/components/parameters/token"
          responses:
            "200":
              description: The alerts.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Alerts"}
            "400": {$ref: "#/components/responses/BadParameter"}
            "404": {$ref: "#/components/responses/NotFound"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /api/{partnership}/conflicts:
        get:
          tags: [views]
          operationId: conflicts
          summary: Planning problems over a span, as `boardcal conflicts --json`.
          description: >-
            Without a token, only conflicts about an obligation, board or meetings the public may
            see (never a clash, which names who must attend, nor a conflict about the protocol
            as a whole).
          parameters:
            - $ref: "#/components/parameters/partnership"
            - name: from
              in: query
              description: First day; default the protocol's start.
              schema: {$ref: "#/components/schemas/Date"}
            - name: to
              in: query
              description: Last day; default the end of the financial year after as_of.
              schema: {$ref: "#/components/schemas/Date"}
            - $ref: "#/components/parameters/asOf"
            - $ref: "#/components/parameters/token"
          responses:
            "200":
              description: The conflicts.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Conflicts"}
            "400": {$ref: "#/components/responses/BadParameter"}
            "404": {$ref: "#/components/responses/NotFound"}
            "503": {$ref: "#/components/responses/Unavailable"}
      /api/openapi.yaml:
        get:
          tags: [service]
          operationId: openapi
          summary: This document.
          security: []
          responses:
            "200":
              description: The OpenAPI document.
              content:
                application/yaml:
                  schema: {type: string}
      /healthz:
        get:
          tags: [service]
          operationId: healthz
          summary: Whether the server answers.
          security: []
          responses:
            "200":
              description: "`ok`."
              content:
                text/plain:
                  schema: {type: string, const: "ok\n"}
    components:
      securitySchemes:
        token:
          type: apiKey
          in: query
          name: token
          description: The officers' token (`serve --token` or BOARDCAL_FEED_TOKEN).
      parameters:
        partnership:
          name: partnership
          in: path
          required: true
          description: The partnership's id, as in its protocol file.
          schema: {type: string}
        asOf:
          name: as_of
          in: query
          description: The day to stand on; default today in the partnership's time zone.
          schema: {$ref: "#/components/schemas/Date"}
        token:
          name: token
          in: query
          description: The officers' token; without it, what the public may see.
          schema: {type: string}
      responses:
        BadParameter:
          description: A parameter is missing or not understood; `parameter` names it.
          content:
            application/json:
              schema:
                allOf:
                  - $ref: "#/components/schemas/Error"
                  - required: [parameter]
        NotFound:
          description: >-
            No such partnership, or no such board for this audience (a private board is not
            found without the token).
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
        Unavailable:
          description: The records database cannot be read just now.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Error"}
      schemas:
        Date:
          type: string
          format: date
          pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
        Error:
          type: object
          additionalProperties: false
          required: [error]
          properties:
            error: {type: string, description: What is wrong, for a person to read.}
            parameter: {type: string, description: The parameter at fault.}
        Schedule:
          type: object
          additionalProperties: false
          required: [partnership, from, to, meetings, obligations]
          properties:
            partnership: {type: string}
            from: {$ref: "#/components/schemas/Date"}
            to: {$ref: "#/components/schemas/Date"}
            meetings:
              type: array
              items: {$ref: "#/components/schemas/Meeting"}
            obligations:
              type: array
              items: {$ref: "#/components/schemas/Obligation"}
        ForwardPlan:
          type: object
          additionalProperties: false
          required: [partnership, partnership_name, cycle, year, from, to, as_of, meetings]
          properties:
            partnership: {type: string}
            partnership_name: {type: string}
            cycle: {type: string, pattern: "^[0-9]{4}-[0-9]{2}$"}
            year: {type: integer}
            from: {$ref: "#/components/schemas/Date"}
            to: {$ref: "#/components/schemas/Date"}
            as_of: {$ref: "#/components/schemas/Date"}
            meetings:
              type: array
              items:
                allOf:
                  - $ref: "#/components/schemas/Meeting"
                  - required: [incoming]
        Upcoming:
          type: object
          additionalProperties: false
          required: [partnership, board, as_of, until, meetings, owes]
          properties:
            partnership: {type: string}
            board: {type: string}
            as_of: {$ref: "#/components/schemas/Date"}
            until: {$ref: "#/components/schemas/Date"}
            meetings:
              type: array
              items:
                allOf:
                  - $ref: "#/components/schemas/Meeting"
                  - required: [incoming]
            owes:
              type: array
              items:
                allOf:
                  - $ref: "#/components/schemas/Obligation"
                  - required: [status]
        Meeting:
          type: object
          additionalProperties: false
          required:
            - id
            - board
            - date
            - time
            - length_minutes
            - start_utc
            - slot_month
            - explicit
            - agenda
            - confidential
            - cancelled
          properties:
            id: {type: string}
            board: {type: string}
            date: {$ref: "#/components/schemas/Date"}
            time: {type: string, pattern: "^[0-9]{2}:[0-9]{2}$"}
            length_minutes: {type: integer, minimum: 0}
            start_utc:
              type: string
              format: date-time
              pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
            slot_month: {type: string, pattern: "^[0-9]{4}-[0-9]{2}$"}
            moved_from: {$ref: "#/components/schemas/Date"}
            explicit: {type: boolean}
            title: {type: string}
            agenda:
              type: array
              items: {type: string}
            location: {type: string}
            confidential: {type: boolean}
            cancelled: {type: boolean}
            cancellation: {type: string}
            paper_deadline:
              $ref: "#/components/schemas/Date"
              description: Only with the token.
            agenda_publication: {$ref: "#/components/schemas/Date"}
            version: {type: string}
            incoming:
              type: array
              description: >-
                In `upcoming` and the forward plan, the obligations slotted at the meeting.
              items:
                allOf:
                  - $ref: "#/components/schemas/Obligation"
                  - required: [status]
        Obligation:
          type: object
          additionalProperties: false
          required:
            - id
            - duty
            - report
            - report_name
            - owner
            - receiver
            - receiver_kind
            - action
            - text
            - cycle
            - window
            - slot
            - confidential
            - source
          properties:
            id: {type: string}
            duty: {type: string}
            report: {type: string}
            report_name: {type: string}
            owner: {type: string}
            receiver:
              type: string
              description: >-
                A board id, a person id (sent a copy), or `public` for a publication.
            receiver_kind: {type: string, enum: [board, person, public]}
            action: {type: string, enum: [present, consult, inform, invite, publish]}
            text:
              type: string
              description: >-
                The obligation in words, e.g. "CTSAB must publish 'Annual Report for 2026-27'
                by Saturday 31 July 2027".
            cycle: {type: string}
            window:
              type: object
              additionalProperties: false
              required: [start, end, text]
              properties:
                start: {$ref: "#/components/schemas/Date"}
                end: {$ref: "#/components/schemas/Date"}
                text: {type: string}
            covers:
              type: object
              additionalProperties: false
              required: [start, end, label]
              properties:
                start: {$ref: "#/components/schemas/Date"}
                end: {$ref: "#/components/schemas/Date"}
                label: {type: string}
            slot:
              type: object
              additionalProperties: false
              required: [kind]
              properties:
                kind:
                  type: string
                  enum: [meeting, circulation, copy, publication, unschedulable]
                  description: >-
                    `copy` and `publication`: sent to a person, or published, by `date`.
                meeting: {type: string}
                date: {$ref: "#/components/schemas/Date"}
                reason: {type: string}
            paper_deadline:
              $ref: "#/components/schemas/Date"
              description: Only with the token.
            agenda_publication: {$ref: "#/components/schemas/Date"}
            ready_on:
              $ref: "#/components/schemas/Date"
              description: Only with the token.
            presented_by:
              type: string
              description: Only with the token.
            confidential: {type: boolean}
            status: {$ref: "#/components/schemas/Status"}
            source:
              type: array
              items:
                type: object
                additionalProperties: false
                required: [file, quote]
                properties:
                  file: {type: string}
                  quote: {type: string}
                  section: {type: string}
        Status:
          type: string
          enum: [done, scheduled, papers-due, slipped, missed, unschedulable, untracked]
        Alerts:
          type: object
          additionalProperties: false
          required: [partnership, partnership_name, as_of, alerts]
          properties:
            partnership: {type: string}
            partnership_name: {type: string}
            as_of: {$ref: "#/components/schemas/Date"}
            alerts:
              type: array
              items: {$ref: "#/components/schemas/Alert"}
        Alert:
          type: object
          additionalProperties: false
          required: [key, status, since, escalated, reason, subject, obligation]
          properties:
            key: {type: string, description: "The obligation and the status: `ID#STATUS`."}
            status:
              type: string
              enum: [papers-due, slipped, missed, unschedulable]
            since: {$ref: "#/components/schemas/Date"}
            escalated: {type: boolean}
            reason: {type: string}
            subject: {type: string}
            obligation: {$ref: "#/components/schemas/Obligation"}
            recipients:
              type: array
              description: Only with the token.
              items:
                type: object
                additionalProperties: false
                required: [person, role, capacity]
                properties:
                  person: {type: string}
                  role: {type: string}
                  name: {type: string}
                  email: {type: string}
                  capacity: {type: string}
            unaddressed:
              type: array
              description: Only with the token.
              items: {type: string}
            deliveries:
              type: array
              description: Only with the token, when the alert log was read.
              items:
                type: object
                additionalProperties: false
                required: [recipient, channel, state, claimed_at]
                properties:
                  recipient: {type: string}
                  channel: {type: string}
                  state: {type: string, enum: [sending, sent]}
                  claimed_at: {type: string}
                  sent_at: {type: string}
        Conflicts:
          type: object
          additionalProperties: false
          required: [partnership, from, to, conflicts]
          properties:
            partnership: {type: string}
            from: {$ref: "#/components/schemas/Date"}
            to: {$ref: "#/components/schemas/Date"}
            conflicts:
              type: array
              items: {$ref: "#/components/schemas/Conflict"}
        Conflict:
          type: object
          additionalProperties: false
          required: [kind, explanation]
          properties:
            kind:
              type: string
              enum:
                - unschedulable
                - no-meeting-in-window
                - overloaded
                - clash
                - duplicate-meeting
                - clock-change
                - inconsistent-sources
                - review-overdue
                - version-gap
                - board-without-meetings
            board: {type: string}
            obligation: {type: string}
            cycle: {type: string}
            explanation: {type: string}
            meetings:
              type: array
              items: {type: string}

    """#
}
