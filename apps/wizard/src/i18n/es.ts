import type { MessageKey } from './en.ts';

/**
 * Spanish (Latin American, neutral "tú"), used for every `es-*` locale. `satisfies Record<MessageKey, string>`
 * makes a key missing here, or one that en.ts no longer has, a type error: add the Spanish line when you add the
 * English one.
 */
export const es = {
  'wizard.title': 'QuickBooks Online',
  'wizard.subtitle':
    'Envía automáticamente a QuickBooks Online cada cliente, factura, pago y reembolso de Exoserva.',
  'wizard.steps.label': 'Pasos de configuración',
  'wizard.steps.connect': 'Conectar',
  'wizard.steps.mapping': 'Asignar tu catálogo de cuentas',
  'wizard.steps.direction': 'Dirección de sincronización de clientes',
  'wizard.steps.testSync': 'Hacer una sincronización de prueba',
  'wizard.steps.autoSync': 'Activar la sincronización automática',
  'wizard.steps.status': 'Estado de la sincronización',
  'wizard.steps.reconciliation': 'Conciliación mensual',
  'wizard.steps.afterConnecting': 'Disponible después de conectar',
  'wizard.steps.notYet': 'Aún no disponible',
  'wizard.steps.current': 'Paso actual',
  'wizard.steps.done': 'Listo',
  'wizard.nav.activity': 'Actividad',
  'wizard.notFound.title': 'Página no encontrada',
  'wizard.notFound.body': 'Esta parte de la integración con QuickBooks no existe.',
  'wizard.notFound.back': 'Volver a Conectar',

  'common.loading': 'Cargando…',
  'common.retry': 'Reintentar',
  'common.cancel': 'Cancelar',
  'common.dismiss': 'Cerrar',
  'common.requestId': 'Referencia: {requestId}',

  'status.loading': 'Revisando tu conexión con QuickBooks…',
  'status.loadError.title': 'No podemos comunicarnos con el servicio de QuickBooks en este momento',
  'status.loadError.body':
    'Tu configuración de conexión está a salvo; solo que esta página no pudo cargarla. Revisa tu red e inténtalo de nuevo.',
  'status.badge.connected': 'Conectado',
  'status.badge.disconnected': 'Sin conectar',
  'status.badge.needsReconnect': 'Requiere reconexión',
  'status.environment.sandbox': 'Sandbox (pruebas)',
  'status.environment.production': 'Producción',

  'access.title': 'No tienes acceso a esta integración',
  'access.body':
    'Solo un Propietario o un Administrador de la cuenta puede gestionar la integración con QuickBooks.',
  'access.signedInAs': 'Iniciaste sesión como {role}.',
  'access.hint':
    'Pide a un Propietario o Administrador de la cuenta de tu empresa que conecte QuickBooks o que cambie tu rol.',

  'connect.title': 'Conecta QuickBooks Online',
  'connect.intro':
    'Al conectar, el cierre de mes se vuelve una revisión rápida: facturas, pagos, reembolsos y clientes llegan a QuickBooks Online en segundos, una sola vez.',
  'connect.scopes.title': 'Qué le pedirá Exoserva a Intuit',
  'connect.scopes.lead': 'Acceso de lectura y escritura a:',
  'connect.scope.customers': 'Clientes',
  'connect.scope.invoices': 'Facturas',
  'connect.scope.payments': 'Pagos',
  'connect.scope.items': 'Productos y servicios',
  'connect.scope.tax_rates': 'Tasas de impuestos',
  'connect.prereq.title': 'Antes de empezar',
  'connect.prereq.role': 'Rol de Propietario o Administrador de la cuenta en Exoserva',
  'connect.prereq.roleYou': 'Ya lo tienes',
  'connect.prereq.subscription': 'Una suscripción a QuickBooks Online (Simple Start o superior)',
  'connect.prereq.subscriptionNote': 'QuickBooks Desktop no es compatible.',
  'connect.prereq.admin': 'El usuario administrador de QuickBooks Online de la empresa que vas a conectar',
  'connect.steps.title': 'Qué sigue',
  'connect.steps.signIn': 'Inicia sesión en QuickBooks Online como administrador.',
  'connect.steps.pick': 'Elige la empresa de esta cuenta de Exoserva si tienes más de una.',
  'connect.steps.review': 'Revisa el acceso solicitado y haz clic en Conectar.',
  'connect.steps.back': 'Intuit te trae de vuelta aquí y esta página muestra Conectado.',
  'connect.tip.title': 'Consejo',
  'connect.tip.body':
    'Usa un perfil de Chrome aparte o una ventana de incógnito para iniciar sesión en Intuit. Si tienes abiertas varias cuentas de Google que sugieren cuentas de QuickBooks, se puede colar la equivocada.',
  'connect.button': 'Conectar con QuickBooks',
  'connect.buttonPopup': 'Conectar en una ventana emergente',
  'connect.redirecting': 'Abriendo Intuit…',
  'connect.popupOpen': 'Termina de conectar en la ventana emergente. Esta página se actualiza cuando acabes.',
  'connect.popupBlocked':
    'Tu navegador bloqueó la ventana emergente. Permite las ventanas emergentes para este sitio o usa Conectar con QuickBooks.',
  'connect.startFailed': 'No pudimos empezar a conectar con QuickBooks. {message}',

  'oauth.error.title': 'QuickBooks no se conectó',
  'oauth.error.oauth_denied':
    'Cancelaste en la página de Intuit, así que no se conectó nada. Cuando quieras, vuelve a intentarlo y haz clic en Conectar en la página de Intuit.',
  'oauth.error.oauth_state_invalid':
    'El enlace de inicio de sesión caducó o se abrió en otra sesión del navegador, así que nos detuvimos para proteger tu cuenta. Empieza de nuevo desde esta página.',
  'oauth.error.oauth_code_invalid':
    'Intuit no aceptó la autorización: puede que haya caducado o que ya se haya usado. Inténtalo de nuevo; normalmente funciona a la segunda.',
  'oauth.error.company_connected_elsewhere':
    'Esa empresa de QuickBooks ya está conectada a otra cuenta de Exoserva. Desconéctala allí primero o elige otra empresa en la página de Intuit.',
  'oauth.error.forbidden':
    'Solo un Propietario o un Administrador de la cuenta puede conectar QuickBooks. Inicia sesión con uno de esos roles e inténtalo de nuevo.',
  'oauth.error.qbo_unavailable':
    'QuickBooks Online no respondió, así que no se cambió nada. Inténtalo de nuevo en unos minutos.',
  'oauth.error.unauthenticated':
    'Tu sesión de Exoserva terminó mientras estabas en la página de Intuit. Inténtalo de nuevo.',
  'oauth.error.rate_limited': 'Demasiados intentos en poco tiempo. Espera un minuto y vuelve a intentarlo.',
  'oauth.error.unknown': 'La conexión con QuickBooks no terminó (código: {code}). Inténtalo de nuevo.',
  'oauth.error.tryAgain': 'Intentar de nuevo',
  'oauth.connected.title': 'QuickBooks está conectado',
  'oauth.connected.body': 'Exoserva ya está vinculado con {company}.',

  'connected.title': 'Conectado a QuickBooks Online',
  'connected.company': 'Empresa',
  'connected.realmId': 'ID de la empresa (realm)',
  'connected.since': 'Conectado desde',
  'connected.environment': 'Entorno',
  'connected.expiry.title': 'Esta conexión termina en {days} días',
  'connected.expiry.titleOne': 'Esta conexión termina mañana',
  'connected.expiry.titleToday': 'Esta conexión termina hoy',
  'connected.expiry.body':
    'Intuit cierra cada conexión después de un periodo fijo. Vuelve a conectar antes del {date} para que los registros sigan sincronizándose.',
  'connected.reconnect': 'Reconectar ahora',
  'connected.disconnect': 'Desconectar',

  'needsReconnect.title': 'QuickBooks necesita que vuelvas a conectar',
  'needsReconnect.body': 'Los registros no se sincronizan con QuickBooks hasta que vuelvas a conectar.',
  'needsReconnect.reason': 'Motivo',
  'needsReconnect.reasonUnknown': 'Intuit ya no acepta el acceso de Exoserva a esta empresa.',
  'needsReconnect.button': 'Reconectar con QuickBooks',

  'disconnect.title': '¿Desconectar QuickBooks?',
  'disconnect.lead': 'Exoserva revocará en Intuit su acceso a {company}.',
  'disconnect.stays.title': 'Lo que se queda',
  'disconnect.stays.records': 'Los registros que ya están en QuickBooks se quedan ahí, sin cambios.',
  'disconnect.stays.links':
    'Se conservan los vínculos entre los registros de Exoserva y QuickBooks, y el historial de actividad.',
  'disconnect.stops.title': 'Lo que se detiene',
  'disconnect.stops.sync': 'Los registros nuevos y modificados dejan de sincronizarse con QuickBooks.',
  'disconnect.stops.backfill':
    'Volver a conectar más tarde no recupera los registros creados mientras estaba desconectado: conviene desconectar al cierre de mes.',
  'disconnect.confirm': 'Desconectar',
  'disconnect.working': 'Desconectando…',
  'disconnect.failed': 'QuickBooks sigue conectado: la desconexión no se completó. {message}',
  'disconnect.done': 'QuickBooks se desconectó.',

  'switch.title': '¿Cambiar de empresa de QuickBooks?',
  'switch.lead':
    'Iniciaste sesión en {to} en la página de Intuit, pero esta cuenta de Exoserva está conectada a {from}. Nada cambia hasta que lo confirmes.',
  'switch.from': 'Conectada ahora',
  'switch.to': 'Elegiste',
  'switch.links':
    '{count} registros de Exoserva están vinculados con registros de {from}. El cambio no mueve ni copia nada entre las dos empresas de QuickBooks: lo que está en {from} se queda ahí y, a partir de ahora, los registros se sincronizan con {to}.',
  'switch.linksNone':
    'Todavía no hay registros de Exoserva vinculados con {from}, así que el cambio no mueve nada.',
  'switch.linksOne':
    '1 registro de Exoserva está vinculado con un registro de {from}. El cambio no mueve ni copia nada entre las dos empresas de QuickBooks: lo que está en {from} se queda ahí y, a partir de ahora, los registros se sincronizan con {to}.',
  'switch.expires': 'Esta solicitud caduca el {time}',
  'switch.confirm': 'Cambiar a {to}',
  'switch.cancel': 'Conservar {from}',
  'switch.working': 'Procesando…',
  'switch.failed': 'El cambio no se completó. {message}',
  'switch.banner': 'Un cambio a {to} espera tu confirmación.',
  'switch.review': 'Revisar el cambio',
  'switch.done': 'Se cambió a {company}.',
  'switch.cancelled': 'Se conservó {company}. La otra empresa no se conectó.',

  'activity.title': 'Actividad',
  'activity.description': 'Quién conectó, reconectó, cambió o desconectó QuickBooks, y cuándo.',
  'activity.empty': 'Todavía no hay actividad.',
  'activity.loadError': 'No se pudo cargar el registro de actividad.',
  'activity.viewAll': 'Ver toda la actividad',
  'activity.back': 'Volver a Conectar',
  'activity.col.when': 'Cuándo',
  'activity.col.who': 'Quién',
  'activity.col.action': 'Acción',
  'activity.col.company': 'Empresa',
  'activity.system': 'Exoserva (automático)',
  'activity.action.connect': 'Conectó',
  'activity.action.reconnect': 'Reconectó',
  'activity.action.switch': 'Cambió de empresa',
  'activity.action.disconnect': 'Desconectó',
  'activity.action.needs_reconnect': 'Requiere reconexión',

  'role.owner': 'Propietario',
  'role.tenant_admin': 'Administrador de la cuenta',
  'role.dispatcher': 'Despachador',
  'role.technician': 'Técnico',

  'announce.connected': 'QuickBooks está conectado a {company}.',
  'announce.disconnected': 'QuickBooks no está conectado.',
  'announce.needsReconnect': 'QuickBooks necesita que vuelvas a conectar.',
  'announce.pendingSwitch': 'Un cambio de empresa de QuickBooks necesita tu confirmación.',
} satisfies Record<MessageKey, string>;
